/** Bar length. Intraday timestamps are the bar's open, UTC epoch ms; daily bars are stamped at 00:00 UTC of the trading date. */
export type Timeframe = '1Min' | '5Min' | '1Hour' | '1Day';
export const TIMEFRAMES: readonly Timeframe[] = ['1Min', '5Min', '1Hour', '1Day'];

/** One OHLCV bar. Used at the edges (imports, tests, live feeds); the replay path uses BarBatch. */
export interface Bar {
  readonly symbol: string;
  /** UTC epoch milliseconds of the bar's open (daily: the trading date at 00:00 UTC). */
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * Columnar bars, rows ordered by (ts, symbol). `symbol` holds an index into the feed's universe.
 * Invariant kept by every Feed: all rows sharing one ts are in the same batch (a slice never spans two batches).
 */
export interface BarBatch {
  readonly length: number;
  readonly ts: Float64Array;
  readonly symbol: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Every bar sharing one timestamp: rows [start, end) of `batch`. The engine reuses one Slice object; do not keep it. */
export interface Slice {
  readonly ts: number;
  readonly batch: BarBatch;
  readonly start: number;
  readonly end: number;
}

/** Builds a BarBatch from Bar objects (tests and small feeds). Rows must already be in (ts, symbol) order. */
export function batchFromBars(bars: readonly Bar[], universe: readonly string[]): BarBatch {
  const n = bars.length;
  const batch = {
    length: n,
    ts: new Float64Array(n),
    symbol: new Int32Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const b = bars[i];
    const s = universe.indexOf(b.symbol);
    if (s < 0) throw new Error(`bar ${i}: symbol ${b.symbol} is not in the universe [${universe.join(', ')}]`);
    if (i > 0 && (b.ts < bars[i - 1].ts || (b.ts === bars[i - 1].ts && s <= batch.symbol[i - 1]))) {
      throw new Error(`bar ${i}: bars must be in (ts, symbol) order`);
    }
    batch.ts[i] = b.ts;
    batch.symbol[i] = s;
    batch.open[i] = b.open;
    batch.high[i] = b.high;
    batch.low[i] = b.low;
    batch.close[i] = b.close;
    batch.volume[i] = b.volume;
  }
  return batch;
}
