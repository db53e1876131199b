/**
 * Per-bar simple returns of an equity curve: r[0] = equity[0] / startingEquity − 1 and
 * r[i] = equity[i] / equity[i − 1] − 1. A return after a non-positive equity is NaN
 * (undefined), which the ratios downstream report as null.
 */
export function barReturns(equity: ArrayLike<number>, length: number, startingEquity: number): Float64Array {
  const out = new Float64Array(length);
  let prev = startingEquity;
  for (let i = 0; i < length; i++) {
    const e = equity[i];
    out[i] = prev > 0 ? e / prev - 1 : Number.NaN;
    prev = e;
  }
  return out;
}

/** Per-bar risk-free rate from an annual one, compounded over `barsPerYear` bars: (1 + annualRate)^(1 / barsPerYear) − 1. */
export function perBarRiskFree(annualRate: number, barsPerYear: number): number {
  return Math.pow(1 + annualRate, 1 / barsPerYear) - 1;
}
