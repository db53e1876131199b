import { perBarRiskFree } from './returns.ts';
import { finiteOrNull } from './stats.ts';

/** Volatility, Sharpe and Sortino of an equity curve's per-bar returns. */
export interface ReturnRatios {
  readonly volatility: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
}

/**
 * The same numbers as volatility(r), sharpeRatio(r, …) and sortinoRatio(r, …) over r = barReturns(equity, length,
 * startingEquity), without materialising r or the excess returns (80 MB each for 10M bars). Each return is
 * recomputed where the array versions read it, and every sum runs over the same values in the same order, so the
 * results are bit-identical (a test holds them to Object.is against the array versions).
 */
export function returnRatios(equity: ArrayLike<number>, length: number, startingEquity: number, barsPerYear: number, riskFreeRate = 0): ReturnRatios {
  const rf = perBarRiskFree(riskFreeRate, barsPerYear);
  const n = length;
  // Pass 1: are all returns (all excess returns) equal, their sums, and the downside sum of the excess returns.
  let sumR = 0;
  let sumX = 0;
  let downside = 0;
  let firstR = NaN;
  let firstX = NaN;
  let equalR = true;
  let equalX = true;
  let prev = startingEquity;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    const r = prev > 0 ? e / prev - 1 : Number.NaN;
    prev = e;
    const x = rf === 0 ? r : r - rf;
    if (i === 0) {
      firstR = r;
      firstX = x;
    } else {
      if (r !== firstR) equalR = false;
      if (x !== firstX) equalX = false;
    }
    sumR += r;
    sumX += x;
    if (x < 0) downside += x * x;
  }
  const meanR = sumR / n;
  const meanX = sumX / n;
  // Pass 2: squared deviations, only when sampleStd would compute them.
  let ssR = 0;
  let ssX = 0;
  const needR = n >= 2 && !equalR;
  const needX = n >= 2 && !equalX;
  if (needR || needX) {
    prev = startingEquity;
    for (let i = 0; i < n; i++) {
      const e = equity[i];
      const r = prev > 0 ? e / prev - 1 : Number.NaN;
      prev = e;
      const x = rf === 0 ? r : r - rf;
      const dr = r - meanR;
      ssR += dr * dr;
      const dx = x - meanX;
      ssX += dx * dx;
    }
  }
  const stdR = n < 2 ? Number.NaN : equalR ? 0 : Math.sqrt(ssR / (n - 1));
  const stdX = n < 2 ? Number.NaN : equalX ? 0 : Math.sqrt(ssX / (n - 1));
  const root = Math.sqrt(barsPerYear);
  const dd = Math.sqrt(downside / n);
  return {
    volatility: finiteOrNull(stdR * root),
    sharpe: stdX > 0 ? finiteOrNull((meanX / stdX) * root) : null,
    sortino: dd > 0 ? finiteOrNull((meanX / dd) * root) : null,
  };
}
