import { checkBars } from './check-bars.ts';
import type { CsvText } from './csv-columns.ts';
import { fileBars, readLayout, refuseAdjusted, type Layout, type ReadOptions } from './csv-layout.ts';
import type { ParsedBars } from './parsed-bars.ts';

/**
 * backtesting.py's test data, a pandas frame written with `to_csv`: `,Open,High,Low,Close,Volume`
 * (the unnamed column is the date index), ascending, raw prices. Intraday index values need a
 * zone (`2020-01-02 14:30:00+00:00`): pandas writes naive local times otherwise, which are refused.
 */
export const BACKTESTING_PY_LAYOUTS: readonly Layout[] = [['', 'open', 'high', 'low', 'close', 'volume']];

/** Reads a backtesting.py CSV (no adjusted variant: `--adjusted` is refused). */
export function readBacktestingPy(csv: CsvText, options: ReadOptions): ParsedBars {
  refuseAdjusted(csv.file, 'backtesting-py', options);
  const { read, column } = readLayout(csv, 'backtesting-py', BACKTESTING_PY_LAYOUTS, '', options);
  const ohlcv = [column('open'), column('high'), column('low'), column('close'), column('volume')] as const;
  return checkBars(fileBars(csv, options, read, column(''), ohlcv), 'ascending');
}
