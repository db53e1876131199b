import { perBarRiskFree } from './returns.ts';
import { finiteOrNull, mean, sampleStd } from './stats.ts';

/** Annualised volatility: sample standard deviation of per-bar returns × √barsPerYear; null with fewer than two returns. */
export function volatility(returns: ArrayLike<number>, barsPerYear: number): number | null {
  return finiteOrNull(sampleStd(returns) * Math.sqrt(barsPerYear));
}

/**
 * Annualised Sharpe ratio: mean(excess) / sampleStd(excess) × √barsPerYear, where
 * excess = r − rf and rf = (1 + riskFreeRate)^(1 / barsPerYear) − 1 per bar (riskFreeRate annual).
 * Null with fewer than two returns or when every excess return is identical (std 0).
 */
export function sharpeRatio(returns: ArrayLike<number>, barsPerYear: number, riskFreeRate = 0): number | null {
  const excess = excessReturns(returns, perBarRiskFree(riskFreeRate, barsPerYear));
  const sd = sampleStd(excess);
  if (!(sd > 0)) return null;
  return finiteOrNull((mean(excess) / sd) * Math.sqrt(barsPerYear));
}

/**
 * Annualised Sortino ratio: mean(excess) / downside deviation × √barsPerYear, with excess as in
 * {@link sharpeRatio} and downside deviation = √(mean over ALL bars of min(0, excess)²) — bars with a
 * non-negative excess count as zeros in the mean (the usual "target downside deviation").
 * Null when there are no returns or no bar has a negative excess.
 */
export function sortinoRatio(returns: ArrayLike<number>, barsPerYear: number, riskFreeRate = 0): number | null {
  const excess = excessReturns(returns, perBarRiskFree(riskFreeRate, barsPerYear));
  const n = excess.length;
  let downside = 0;
  for (let i = 0; i < n; i++) if (excess[i] < 0) downside += excess[i] * excess[i];
  const dd = Math.sqrt(downside / n);
  if (!(dd > 0)) return null;
  return finiteOrNull((mean(excess) / dd) * Math.sqrt(barsPerYear));
}

/**
 * Sharpe ratio ({@link sharpeRatio}) over each trailing window of `window` bars, for charts.
 * out[i] covers returns (i − window, i]; NaN before the first full window and where the
 * ratio is undefined (chart libraries draw NaN as a gap; convert before writing JSON).
 * Each window is recomputed exactly, O(length × window), so out[i] equals sharpeRatio on that window.
 */
export function rollingSharpe(returns: ArrayLike<number>, window: number, barsPerYear: number, riskFreeRate = 0): Float64Array {
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`rollingSharpe: window must be an integer >= 2 bars, got ${window}`);
  const r = returns instanceof Float64Array ? returns : Float64Array.from(returns);
  const out = new Float64Array(r.length).fill(Number.NaN);
  for (let i = window - 1; i < r.length; i++) {
    out[i] = sharpeRatio(r.subarray(i - window + 1, i + 1), barsPerYear, riskFreeRate) ?? Number.NaN;
  }
  return out;
}

// With no risk-free rate (the default) the returns are the excess returns: no 80 MB copy for 10M bars.
function excessReturns(returns: ArrayLike<number>, rfPerBar: number): ArrayLike<number> {
  if (rfPerBar === 0) return returns;
  const out = new Float64Array(returns.length);
  for (let i = 0; i < out.length; i++) out[i] = returns[i] - rfPerBar;
  return out;
}
