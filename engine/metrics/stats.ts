// Small numeric helpers shared by the metrics. Internal: not exported from the metrics index.

/** Arithmetic mean of `values`; NaN when empty. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

/**
 * Sample standard deviation (divisor n − 1) of `values`; NaN when fewer than two values.
 * Exactly 0 when every value is identical: a two-pass sum over a constant series can leave
 * rounding noise of ~1e-20, which would turn "no dispersion" into an absurd, finite Sharpe ratio.
 */
export function sampleStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  if (allEqual(values)) return 0;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

function allEqual(values: ArrayLike<number>): boolean {
  const first = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return false;
  return true;
}

/** `x` when finite, else null: metrics never carry NaN or ±Infinity into JSON. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
