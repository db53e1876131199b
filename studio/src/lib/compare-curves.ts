import type { CompareResult } from '../api/types.ts';
import { drawdownSeries, normalise, rollingSharpe } from './series-math.ts';

/** Series of one compared run on the shared time axis (NaN before its first point). */
export interface ComparedCurve {
  readonly runId: string;
  readonly normalised: Float64Array;
  readonly drawdown: Float64Array;
  readonly sharpe: Float64Array;
}

/** Applies `f` to the part of `y` from its first finite value on, leaving NaN before it. */
function fromFirst(y: Float64Array, f: (part: Float64Array) => Float64Array): Float64Array {
  const k = y.findIndex((v) => Number.isFinite(v));
  const out = new Float64Array(y.length).fill(Number.NaN);
  if (k < 0) return out;
  out.set(f(y.subarray(k)), k);
  return out;
}

/** Derived curves of a comparison: normalised to 1, drawdown and rolling Sharpe of each run. */
export function compareCurves(result: CompareResult, window: number, barsPerYear = 252): { ts: Float64Array; curves: ComparedCurve[] } {
  const ts = Float64Array.from(result.equity.ts);
  const curves = result.equity.series.map((s) => {
    const y = Float64Array.from(s.equity, (v) => (v === null ? Number.NaN : v));
    return {
      runId: s.runId,
      normalised: fromFirst(y, normalise),
      drawdown: fromFirst(y, drawdownSeries),
      sharpe: fromFirst(y, (p) => (p.length > window ? rollingSharpe(p, window, barsPerYear) : new Float64Array(p.length).fill(Number.NaN))),
    };
  });
  return { ts, curves };
}

