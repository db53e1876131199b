import { checkBars } from './check-bars.ts';
import type { CsvText } from './csv-columns.ts';
import { fileBars, readLayout, refuseAdjusted, type Layout, type ReadOptions } from './csv-layout.ts';
import type { ParsedBars } from './parsed-bars.ts';

/** Tradebook's own CSV: `timestamp,open,high,low,close,volume`, ascending; `YYYY-MM-DD` daily, `YYYY-MM-DDTHH:MM:SSZ` intraday. */
export const UNIFORM_LAYOUTS: readonly Layout[] = [['timestamp', 'open', 'high', 'low', 'close', 'volume']];

/** Reads a uniform CSV (no adjusted variant: `--adjusted` is refused). */
export function readUniform(csv: CsvText, options: ReadOptions): ParsedBars {
  refuseAdjusted(csv.file, 'uniform', options);
  const { read, column } = readLayout(csv, 'uniform', UNIFORM_LAYOUTS, 'timestamp', options);
  const ohlcv = [column('open'), column('high'), column('low'), column('close'), column('volume')] as const;
  return checkBars(fileBars(csv, options, read, column('timestamp'), ohlcv), 'ascending');
}
