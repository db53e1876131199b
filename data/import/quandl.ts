import { checkBars } from './check-bars.ts';
import type { CsvText } from './csv-columns.ts';
import { fileBars, readLayout, type Layout, type ReadOptions } from './csv-layout.ts';
import type { ParsedBars } from './parsed-bars.ts';

/**
 * Quandl WIKI prices: raw OHLCV, dividend, split ratio, then the adjusted OHLCV. Quandl writes
 * the newest row first; the rows are returned ascending. A file already sorted ascending is read
 * too; a file in neither order is refused.
 */
export const QUANDL_LAYOUTS: readonly Layout[] = [
  [
    'date', 'open', 'high', 'low', 'close', 'volume', 'ex-dividend', 'split ratio',
    'adj. open', 'adj. high', 'adj. low', 'adj. close', 'adj. volume',
  ],
];

/** Reads a Quandl WIKI CSV; with `adjusted`, the `Adj.` columns (volume included) as they are, unrounded. */
export function readQuandl(csv: CsvText, options: ReadOptions): ParsedBars {
  const { read, column } = readLayout(csv, 'quandl', QUANDL_LAYOUTS, 'date', options);
  const prefix = options.adjusted ? 'adj. ' : '';
  const ohlcv = (['open', 'high', 'low', 'close', 'volume'] as const).map((name) => column(prefix + name));
  const [open, high, low, close, volume] = ohlcv;
  const bars = fileBars(csv, options, read, column('date'), [open, high, low, close, volume]);
  return checkBars(options.adjusted ? { ...bars, valuesNote: 'Adj. columns' } : bars, 'descending-or-ascending');
}
