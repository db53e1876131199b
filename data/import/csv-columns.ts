import type { Timeframe } from '../../engine/index.ts';
import { isNanLiteral, readDecimal } from './decimal.ts';
import { DATE_ONLY_LENGTH, readIsoTimestamp } from './iso-timestamp.ts';
import { ImportError } from './parsed-bars.ts';

// A hand-rolled reader for the numeric CSV files we import: it walks the text once and writes
// straight into typed arrays (no array or string per row). On 1M uniform minute rows it took
// 0.8-1.2 s with validation, csv-parse/sync 4-5 s for the parse alone. Fields may be wrapped in
// double quotes; a quoted comma or line break is not supported (no number or date holds one)
// and shows as a wrong column count.

/** A CSV file's text with its header split off. */
export interface CsvText {
  readonly file: string;
  readonly text: string;
  /** Header fields, trimmed and unquoted, as written; null for a headerless file. */
  readonly header: readonly string[] | null;
  /** Offset in `text` where data rows start, and the 1-based line number there. */
  readonly bodyStart: number;
  readonly bodyLine: number;
}

/** How to read the data rows: column names (for messages) and which column is the timestamp. */
export interface ColumnSpec {
  readonly names: readonly string[];
  /** Index of the `YYYY-MM-DD` / ISO-8601 column, or -1 when every column is a number. */
  readonly timestampColumn: number;
  /** Dates only for 1Day, instants with a time and zone for intraday timeframes. */
  readonly timeframe: Timeframe;
}

/** Data rows as columns: `columns[k]` holds column k (the timestamp column as UTC epoch ms). */
export interface CsvColumns {
  readonly length: number;
  /** 1-based line number in the file of each row. */
  readonly line: Int32Array;
  readonly columns: readonly Float64Array[];
}

/** Splits off the first line as the header (or none); refuses a file with no text. */
export function splitCsvHeader(file: string, text: string, hasHeader: boolean): CsvText {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new ImportError(file, null, 'the file is empty');
  if (!hasHeader) return { file, text: body, header: null, bodyStart: 0, bodyLine: 1 };
  const nl = body.indexOf('\n');
  const first = nl < 0 ? body : body.slice(0, nl);
  return { file, text: body, header: splitHeaderLine(first), bodyStart: nl < 0 ? body.length : nl + 1, bodyLine: 2 };
}

/** Header fields of one line: split on commas, trimmed, surrounding quotes removed. */
export function splitHeaderLine(line: string): string[] {
  return line
    .replace(/\r$/, '')
    .split(',')
    .map((f) => f.trim().replace(/^"(.*)"$/, '$1').trim());
}

/** Reads every data row (blank lines skipped); the first malformed field refuses the file. */
export function readCsvColumns(csv: CsvText, spec: ColumnSpec): CsvColumns {
  const { text, file } = csv;
  const width = spec.names.length;
  const capacity = countLines(text, csv.bodyStart);
  const line = new Int32Array(capacity);
  const columns = spec.names.map(() => new Float64Array(capacity));
  const daily = spec.timeframe === '1Day';
  let rows = 0;
  let lineNo = csv.bodyLine;
  for (let pos = csv.bodyStart; pos < text.length; lineNo++) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const lineStart = pos;
    pos = end + 1;
    if (isBlank(text, lineStart, stop)) continue;
    let a = lineStart;
    for (let k = 0; k < width; k++) {
      let b = text.indexOf(',', a);
      if (k === width - 1) {
        if (b >= 0 && b < stop) throw columnCount(csv, spec, lineNo, lineStart, stop);
        b = stop;
      } else if (b < 0 || b >= stop) throw columnCount(csv, spec, lineNo, lineStart, stop);
      let fa = a;
      let fb = b;
      while (fa < fb && text.charCodeAt(fa) === 32) fa++;
      while (fb > fa && text.charCodeAt(fb - 1) === 32) fb--;
      if (fb - fa >= 2 && text.charCodeAt(fa) === 34 && text.charCodeAt(fb - 1) === 34) {
        fa++;
        fb--;
      }
      if (k === spec.timestampColumn) columns[k][rows] = readTimestamp(csv, spec, lineNo, fa, fb, daily);
      else {
        const v = readDecimal(text, fa, fb);
        if (v !== v && !isNanLiteral(text, fa, fb)) {
          const what = fa === fb ? 'is empty' : `is not a number: ${JSON.stringify(text.slice(fa, fb))}`;
          throw new ImportError(file, lineNo, `${spec.names[k] || `column ${k + 1}`} ${what}`);
        }
        columns[k][rows] = v;
      }
      a = b + 1;
    }
    line[rows++] = lineNo;
  }
  if (rows === 0) throw new ImportError(file, null, csv.header ? 'no data rows after the header' : 'no data rows');
  if (rows === capacity) return { length: rows, line, columns };
  return { length: rows, line: line.slice(0, rows), columns: columns.map((c) => c.slice(0, rows)) };
}

function readTimestamp(csv: CsvText, spec: ColumnSpec, lineNo: number, a: number, b: number, daily: boolean): number {
  const ts = readIsoTimestamp(csv.text, a, b);
  if (ts === ts && daily === (b - a === DATE_ONLY_LENGTH)) return ts;
  const token = JSON.stringify(csv.text.slice(a, b));
  const name = spec.names[spec.timestampColumn] || 'the date column';
  let reason: string;
  if (ts !== ts) reason = `${name} ${token} is not a valid timestamp (expected ${daily ? 'YYYY-MM-DD' : 'YYYY-MM-DDTHH:MM:SSZ'})`;
  else if (daily) reason = `${name} ${token} has a time of day, but the timeframe is 1Day (dates only, YYYY-MM-DD)`;
  else reason = `${name} ${token} is a date without a time, but the timeframe is ${spec.timeframe} (UTC instants, YYYY-MM-DDTHH:MM:SSZ)`;
  throw new ImportError(csv.file, lineNo, reason);
}

function columnCount(csv: CsvText, spec: ColumnSpec, lineNo: number, start: number, stop: number): ImportError {
  let found = 1;
  for (let i = csv.text.indexOf(',', start); i >= 0 && i < stop; i = csv.text.indexOf(',', i + 1)) found++;
  const names = spec.names.map((n) => n || '(index)').join(',');
  return new ImportError(csv.file, lineNo, `expected ${spec.names.length} columns (${names}), found ${found}`);
}

function isBlank(text: string, start: number, stop: number): boolean {
  for (let i = start; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Upper bound on the data rows: the lines from `start` on. */
function countLines(text: string, start: number): number {
  let n = start < text.length ? 1 : 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
