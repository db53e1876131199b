import { batchFromBars, type Bar, type BarBatch, type Timeframe } from '../domain/bar.ts';
import type { Feed } from './feed.ts';

/** A Feed over bars held in memory, cut into batches of about `batchSize` rows without splitting a slice. */
export function memoryFeed(bars: readonly Bar[], options: { universe?: readonly string[]; timeframe?: Timeframe; batchSize?: number } = {}): Feed {
  const universe = options.universe ?? [...new Set(bars.map((b) => b.symbol))].sort();
  const all = batchFromBars(bars, universe);
  return memoryBatchFeed(all, universe, options.timeframe ?? '1Day', options.batchSize);
}

/** A Feed over one columnar batch already in memory (benchmarks: no per-bar objects). */
export function memoryBatchFeed(all: BarBatch, universe: readonly string[], timeframe: Timeframe = '1Day', batchSize = 65_536): Feed {
  return {
    universe,
    timeframe,
    async *batches() {
      let start = 0;
      while (start < all.length) {
        let end = Math.min(all.length, start + batchSize);
        while (end < all.length && all.ts[end] === all.ts[end - 1]) end++;
        yield sliceBatch(all, start, end);
        start = end;
      }
    },
  };
}

function sliceBatch(b: BarBatch, start: number, end: number): BarBatch {
  if (start === 0 && end === b.length) return b;
  return {
    length: end - start,
    ts: b.ts.subarray(start, end),
    symbol: b.symbol.subarray(start, end),
    open: b.open.subarray(start, end),
    high: b.high.subarray(start, end),
    low: b.low.subarray(start, end),
    close: b.close.subarray(start, end),
    volume: b.volume.subarray(start, end),
  };
}
