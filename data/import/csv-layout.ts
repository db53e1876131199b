import type { Timeframe } from '../../engine/index.ts';
import type { FileBars } from './check-bars.ts';
import { readCsvColumns, type CsvColumns, type CsvText } from './csv-columns.ts';
import { ImportError } from './parsed-bars.ts';

/** What every CSV reader needs besides the text, after the options are validated. */
export interface ReadOptions {
  /** Upper-cased, validated ticker. */
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Use the file's split/dividend-adjusted columns (yahoo, quandl). */
  readonly adjusted: boolean;
}

/** A header a format is known to write, as lower-case column names in file order. */
export type Layout = readonly string[];

/** True when `header` is one of `layouts`, ignoring case and surrounding spaces or quotes. */
export function matchesLayout(header: readonly string[], layouts: readonly Layout[]): boolean {
  const names = header.map((h) => h.toLowerCase());
  return layouts.some((layout) => layout.length === names.length && layout.every((name, k) => names[k] === name));
}

/** The header as written, for messages. */
export function describeHeader(header: readonly string[] | null): string {
  if (header === null) return '(none)';
  const text = header.join(',');
  // NULs and undecodable bytes: a zip or another binary file, whose bytes would only garble the message.
  if (/[\u0000\ufffd]/.test(text)) return '(binary data, not CSV text: a zip file needs --format lean-zip)';
  return JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…` : text);
}

/**
 * Reads a CSV whose header must be one of `layouts`, the timestamp in column `timestampName`.
 * Returns the columns and a lookup from lower-case column name to its values.
 */
export function readLayout(
  csv: CsvText,
  format: string,
  layouts: readonly Layout[],
  timestampName: string,
  options: ReadOptions,
): { read: CsvColumns; column: (name: string) => Float64Array } {
  const header = csv.header ?? [];
  if (!matchesLayout(header, layouts)) {
    const expected = layouts.map((l) => JSON.stringify(l.join(','))).join(' or ');
    throw new ImportError(csv.file, 1, `header ${describeHeader(csv.header)} is not the ${format} layout (expected ${expected}, any case)`);
  }
  const names = header.map((h) => h.toLowerCase());
  const read = readCsvColumns(csv, { names: header, timestampColumn: names.indexOf(timestampName), timeframe: options.timeframe });
  return { read, column: (name) => read.columns[names.indexOf(name)] };
}

/** Assembles file-order bars from columns already read (no copy). */
export function fileBars(
  csv: CsvText,
  options: ReadOptions,
  read: CsvColumns,
  ts: Float64Array,
  ohlcv: readonly [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array],
): FileBars {
  const [open, high, low, close, volume] = ohlcv;
  return {
    file: csv.file,
    symbol: options.symbol,
    timeframe: options.timeframe,
    length: read.length,
    line: read.line,
    ts,
    open,
    high,
    low,
    close,
    volume,
  };
}

/** Refuses `--adjusted` for a format that has no adjusted columns. */
export function refuseAdjusted(file: string, format: string, options: ReadOptions): void {
  if (options.adjusted) {
    throw new ImportError(file, null, `--adjusted needs adjusted columns (yahoo: Adj Close, quandl: Adj. *); the ${format} format has none`);
  }
}
