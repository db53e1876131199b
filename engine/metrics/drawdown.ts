import { DAY_MS } from '../domain/time.ts';

/**
 * Drawdown at each point: equity[i] / runningPeak − 1 (0 at a new high, negative below it),
 * the running peak seeded with `startingEquity`.
 */
export function drawdownSeries(equity: ArrayLike<number>, length: number, startingEquity: number): Float64Array {
  const out = new Float64Array(length);
  let peak = startingEquity;
  for (let i = 0; i < length; i++) {
    const e = equity[i];
    if (e > peak) peak = e;
    out[i] = e >= peak ? 0 : e / peak - 1;
  }
  return out;
}

/** Largest fall from the running peak (seeded with `startingEquity`) as a fraction ≤ 0; 0 when equity never falls below a peak. */
export function maxDrawdown(equity: ArrayLike<number>, length: number, startingEquity: number): number {
  let peak = startingEquity;
  let worst = 0;
  for (let i = 0; i < length; i++) {
    const e = equity[i];
    if (e > peak) peak = e;
    else if (e < peak) worst = Math.min(worst, e / peak - 1);
  }
  return worst;
}

/**
 * Longest time under water, in calendar days (fractional for intraday): from the point that set a
 * peak until equity first regains it, or until the last point when it never does. The seed peak
 * (`startingEquity`) is dated at ts[0]. 0 when equity never falls below a peak.
 */
export function maxDrawdownDays(ts: ArrayLike<number>, equity: ArrayLike<number>, length: number, startingEquity: number): number {
  if (length === 0) return 0;
  let peak = startingEquity;
  let peakTs = ts[0];
  let under = false;
  let longest = 0;
  for (let i = 0; i < length; i++) {
    const e = equity[i];
    if (e >= peak) {
      if (under) longest = Math.max(longest, ts[i] - peakTs);
      under = false;
      peak = e;
      peakTs = ts[i];
    } else {
      under = true;
    }
  }
  if (under) longest = Math.max(longest, ts[length - 1] - peakTs);
  return longest / DAY_MS;
}
