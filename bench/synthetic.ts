// Benchmark data stitched from real returns: each bar repeats a real bar's move relative to the previous close,
// detrended per cycle so prices stay in a realistic range however many cycles are stitched.
import type { ParsedBars } from '../data/index.ts';
import type { Timeframe } from '../engine/index.ts';

export interface RealSeries {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly length: number;
}

/** `count` bars starting at `startTs`, `stepMs` apart, moving like `src` from bar `offset` on. */
export function stitch(src: RealSeries, count: number, options: { symbol: string; timeframe: Timeframe; startTs: number; stepMs: number; offset?: number; startPrice?: number }): ParsedBars {
  const n = src.length;
  const drift = Math.pow(src.close[n - 1] / src.close[0], 1 / (n - 1));
  const out = { ts: new Float64Array(count), open: new Float64Array(count), high: new Float64Array(count), low: new Float64Array(count), close: new Float64Array(count), volume: new Float64Array(count) };
  let prev = options.startPrice ?? 100;
  let j = (options.offset ?? 0) % (n - 1);
  for (let k = 0; k < count; k++) {
    const i = j + 1; // source bar; its move is relative to source bar j's close
    const base = src.close[j];
    const scale = prev / base / drift;
    const open = src.open[i] * scale;
    const close = src.close[i] * scale;
    out.ts[k] = options.startTs + k * options.stepMs;
    out.open[k] = open;
    out.close[k] = close;
    out.high[k] = Math.max(src.high[i] * scale, open, close);
    out.low[k] = Math.min(src.low[i] * scale, open, close);
    out.volume[k] = src.volume[i];
    prev = close;
    j = i % (n - 1);
  }
  return { file: `synthetic:${options.symbol}`, symbol: options.symbol, timeframe: options.timeframe, length: count, ...out };
}
