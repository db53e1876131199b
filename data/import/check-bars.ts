import { formatTimestamp, type Timeframe } from '../../engine/index.ts';
import { ImportError, type ParsedBars } from './parsed-bars.ts';

/** Bars as read from a file, in file order, with each row's line number for messages. */
export interface FileBars extends ParsedBars {
  /** 1-based line of each row in its file, for error messages. */
  readonly line: Int32Array;
  /** Appended to value errors when the values are derived, e.g. "after adjusting by Close / Adj Close". */
  readonly valuesNote?: string;
}

/**
 * The time order rows must follow in the file. `descending-or-ascending` (Quandl WIKI exports)
 * takes its direction from the first two rows; any row against it refuses the file.
 */
export type RowOrder = 'ascending' | 'descending-or-ascending';

/**
 * How bars of an intraday timeframe are spaced: consecutive bars at least `spacingMs` apart (a file
 * of 1-minute bars is not 5Min), each opening on the `gridMs` grid of UTC epoch time. The 1Hour grid
 * is 30 minutes, since US equity hourly bars often start at 09:30 New York (New York's offsets from
 * UTC are whole hours, so the grid is the same in both zones). 1Day has no entry: daily timestamps
 * are dates, and any two distinct dates are far enough apart.
 */
const INTRADAY_SPACING: Readonly<Record<Exclude<Timeframe, '1Day'>, { spacingMs: number; gridMs: number; grid: string }>> = {
  '1Min': { spacingMs: 60_000, gridMs: 60_000, grid: 'whole minutes' },
  '5Min': { spacingMs: 300_000, gridMs: 300_000, grid: 'a multiple of 5 minutes' },
  '1Hour': { spacingMs: 3_600_000, gridMs: 1_800_000, grid: 'a multiple of 30 minutes' },
};

/**
 * Checks every row (positive finite prices, low ≤ open, close ≤ high, volume ≥ 0, timestamps
 * strictly monotonic; intraday: consecutive bars at least the timeframe apart, each on its grid,
 * see {@link INTRADAY_SPACING}) and returns the bars in ascending time order. The first bad row,
 * by line, refuses the whole file. Reverses the given arrays in place when the file is descending.
 */
export function checkBars(bars: FileBars, order: RowOrder): ParsedBars {
  const { file, line, ts, open, high, low, close, volume } = bars;
  const n = bars.length;
  const note = bars.valuesNote ? ` (${bars.valuesNote})` : '';
  const descending = order !== 'ascending' && n > 1 && ts[1] < ts[0];
  const spacing = bars.timeframe === '1Day' ? undefined : INTRADAY_SPACING[bars.timeframe];
  for (let i = 0; i < n; i++) {
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    const v = volume[i];
    // `!(x > 0)` is also true for NaN: one comparison refuses NaN, zero and negatives.
    if (!(o > 0 && h > 0 && l > 0 && c > 0 && o < Infinity && h < Infinity && l < Infinity && c < Infinity)) {
      throw new ImportError(file, line[i], badPrice(o, h, l, c) + note);
    }
    if (h < l) throw new ImportError(file, line[i], `high ${h} is below low ${l}${note}`);
    if (h < o || h < c) throw new ImportError(file, line[i], `high ${h} is below max(open ${o}, close ${c})${note}`);
    if (l > o || l > c) throw new ImportError(file, line[i], `low ${l} is above min(open ${o}, close ${c})${note}`);
    if (!(v >= 0 && v < Infinity)) throw new ImportError(file, line[i], `volume must be a finite number ≥ 0, got ${v}${note}`);
    if (i > 0 && (descending ? ts[i] >= ts[i - 1] : ts[i] <= ts[i - 1])) {
      throw new ImportError(file, line[i], outOfOrder(bars, i, order, descending));
    }
    if (spacing !== undefined) {
      const gap = i > 0 ? Math.abs(ts[i] - ts[i - 1]) : Infinity;
      if (gap < spacing.spacingMs) {
        const reason = `bars ${gap / 1000} s apart, closer than the ${bars.timeframe} timeframe (${spacing.spacingMs / 1000} s): is --timeframe right?`;
        throw new ImportError(file, line[i], reason);
      }
      // `%` keeps the sign: a multiple before 1970 leaves -0, which equals 0.
      if (ts[i] % spacing.gridMs !== 0) {
        const reason = `bar at ${formatTimestamp(ts[i])} is not on the ${bars.timeframe} grid (${spacing.grid}): is --timeframe right?`;
        throw new ImportError(file, line[i], reason);
      }
    }
  }
  if (descending) for (const column of [line, ts, open, high, low, close, volume]) column.reverse();
  return { file, symbol: bars.symbol, timeframe: bars.timeframe, length: n, ts, open, high, low, close, volume };
}

function badPrice(o: number, h: number, l: number, c: number): string {
  const fields: [string, number][] = [['open', o], ['high', h], ['low', l], ['close', c]];
  const [name, value] = fields.find(([, x]) => !(x > 0 && x < Infinity)) ?? ['price', Number.NaN];
  return `${name} must be a positive finite price, got ${value}`;
}

function outOfOrder(bars: FileBars, i: number, order: RowOrder, descending: boolean): string {
  const here = formatTimestamp(bars.ts[i]);
  const previous = `line ${bars.line[i - 1]}`;
  if (bars.ts[i] === bars.ts[i - 1]) return `duplicate timestamp ${here} (also on ${previous})`;
  const rule =
    order === 'ascending'
      ? 'rows must be in strictly ascending time order'
      : `rows must all be in one time order, ${descending ? 'descending' : 'ascending'} as the first two rows`;
  const relation = descending ? 'after' : 'before';
  return `${rule}: ${here} is ${relation} ${formatTimestamp(bars.ts[i - 1])} on ${previous}`;
}
