import { checkBars } from './check-bars.ts';
import { roundCents, roundWhole } from '../../engine/index.ts';
import type { CsvText } from './csv-columns.ts';
import { fileBars, readLayout, type Layout, type ReadOptions } from './csv-layout.ts';
import { ImportError, type ParsedBars } from './parsed-bars.ts';

/**
 * Yahoo Finance daily CSV, ascending: the old layout (`...,Volume,Adj Close`, as backtrader
 * ships it) or the 2017+ one (`...,Adj Close,Volume`). Columns are found by name.
 */
export const YAHOO_LAYOUTS: readonly Layout[] = [
  ['date', 'open', 'high', 'low', 'close', 'volume', 'adj close'],
  ['date', 'open', 'high', 'low', 'close', 'adj close', 'volume'],
];

/**
 * Reads a Yahoo CSV. Raw: Open..Close and Volume as written. Adjusted, as backtrader does it:
 * f = Close / Adj Close; open, high, low = raw / f and close = Adj Close, each rounded to cents
 * half away from zero; volume = raw × f rounded to whole shares (fewer dollars a share, more shares).
 */
export function readYahoo(csv: CsvText, options: ReadOptions): ParsedBars {
  const { read, column } = readLayout(csv, 'yahoo', YAHOO_LAYOUTS, 'date', options);
  const [open, high, low, close, volume] = [column('open'), column('high'), column('low'), column('close'), column('volume')];
  if (options.adjusted) {
    const adjClose = column('adj close');
    for (let i = 0; i < read.length; i++) {
      const c = close[i];
      const adj = adjClose[i];
      if (!(c > 0 && c < Infinity && adj > 0 && adj < Infinity)) {
        const reason = `adjusting needs a positive finite Close and Adj Close, got Close ${c} and Adj Close ${adj}`;
        throw new ImportError(csv.file, read.line[i], reason);
      }
      // Same operations in the same order as backtrader, so the doubles match before rounding.
      const f = c / adj;
      open[i] = roundCents(open[i] / f);
      high[i] = roundCents(high[i] / f);
      low[i] = roundCents(low[i] / f);
      close[i] = roundCents(adj);
      volume[i] = roundWhole(volume[i] * f);
    }
  }
  const bars = fileBars(csv, options, read, column('date'), [open, high, low, close, volume]);
  return checkBars(options.adjusted ? { ...bars, valuesNote: 'after adjusting by Close / Adj Close' } : bars, 'ascending');
}
