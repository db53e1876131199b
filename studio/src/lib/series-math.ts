/** Equity-curve arithmetic for display: normalising, drawdown and rolling Sharpe. Pure, columnar. */

/** equity[i] / equity[0]: every curve starts at 1. An empty or zero-based curve gives an empty array. */
export function normalise(equity: ArrayLike<number>): Float64Array {
  const n = equity.length;
  if (n === 0 || !(equity[0] !== 0)) return new Float64Array(0);
  const out = new Float64Array(n);
  const base = equity[0];
  for (let i = 0; i < n; i++) out[i] = equity[i] / base;
  return out;
}

/** Fall from the running peak at each point, a fraction ≤ 0: equity[i] / max(equity[0..i]) − 1. */
export function drawdownSeries(equity: ArrayLike<number>): Float64Array {
  const n = equity.length;
  const out = new Float64Array(n);
  let peak = -Infinity;
  for (let i = 0; i < n; i++) {
    if (equity[i] > peak) peak = equity[i];
    out[i] = peak > 0 ? equity[i] / peak - 1 : 0;
  }
  return out;
}

/**
 * Rolling annualised Sharpe ratio over `window` per-bar returns (r_i = e_i / e_{i−1} − 1):
 * out[i] = mean(r) / sampleStd(r) × √barsPerYear over r_{i−window+1..i}, with a zero risk-free rate.
 * out[i] is NaN until a full window exists (i < window) and where the window's returns do not vary.
 */
export function rollingSharpe(equity: ArrayLike<number>, window: number, barsPerYear = 252): Float64Array {
  if (!(window >= 2) || !Number.isInteger(window)) throw new RangeError(`window must be an integer ≥ 2, got ${window}`);
  const n = equity.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const r = new Float64Array(n);
  for (let i = 1; i < n; i++) r[i] = equity[i] / equity[i - 1] - 1;
  const scale = Math.sqrt(barsPerYear);
  // Recomputing from the window (not running sums) keeps float drift out of long series: O(n × window) is fine for display.
  for (let i = window; i < n; i++) {
    let sum = 0;
    for (let j = i - window + 1; j <= i; j++) sum += r[j];
    const mean = sum / window;
    let ss = 0;
    for (let j = i - window + 1; j <= i; j++) ss += (r[j] - mean) ** 2;
    const sd = Math.sqrt(ss / (window - 1));
    out[i] = sd > 1e-15 ? (mean / sd) * scale : Number.NaN;
  }
  return out;
}
