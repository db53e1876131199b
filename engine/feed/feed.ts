import type { BarBatch, Timeframe } from '../domain/bar.ts';

/**
 * Feed port: where bars come from. Backtests replay DuckDB; paper and live stream.
 * Batches arrive in (ts, symbol) order and a slice never spans two batches.
 */
export interface Feed {
  /** Symbols of the run; BarBatch.symbol indexes this list. */
  readonly universe: readonly string[];
  readonly timeframe: Timeframe;
  batches(): AsyncIterable<BarBatch>;
}
