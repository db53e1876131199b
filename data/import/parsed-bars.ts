import type { Timeframe } from '../../engine/index.ts';

/** Bars read from one file, validated, in ascending time order, columnar. */
export interface ParsedBars {
  /** Path as the user gave it, for messages. */
  readonly file: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly length: number;
  /** UTC epoch ms (daily: the trading date at 00:00 UTC; intraday: the bar's open). */
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** A refused import: names the file, the 1-based line (null for whole-file problems) and the reason. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(line === null ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = 'ImportError';
  }
}
