import type { Timeframe } from '../../engine/index.ts';

/** Open, high, low, close, volume of one stored bar. */
export interface Ohlcv {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A stored bar that an import replaced because the file's bar differed. */
export interface ReplacedBar {
  readonly file: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Bar open, UTC epoch ms. */
  readonly ts: number;
  readonly old: Ohlcv;
  readonly new: Ohlcv;
}

/** What one file of an import did. inserted + unchanged + replaced = rows. */
export interface FileImportReport {
  readonly file: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly rows: number;
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
  /** First and last bar timestamp of the file (null when it has no rows). */
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  /** sha256 of the imported bars (symbol, timeframe and columns), see contentSha256. */
  readonly contentSha256: string;
  /** Sequence number of the file's data.import journal entry. */
  readonly journalSeq: number;
}

/** Result of importBars: per-file counts, totals, and the first replaced bars in detail. */
export interface ImportReport {
  readonly files: readonly FileImportReport[];
  readonly inserted: number;
  readonly unchanged: number;
  /** Total replaced bars; replacedDetails lists at most REPLACED_DETAIL_LIMIT of them. */
  readonly replaced: number;
  readonly replacedDetails: readonly ReplacedBar[];
}

/** Replaced bars listed in detail per import; the total is always in `replaced`. */
export const REPLACED_DETAIL_LIMIT = 20;

/** Options of importBars. */
export interface ImportBarsOptions {
  /** Called after each file is merged: rows merged so far and rows in all files. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Journal actor of the data.import entries (default 'import'). */
  readonly actor?: string;
}
