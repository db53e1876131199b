import { DAY_MS } from '../domain/time.ts';
import { finiteOrNull } from './stats.ts';

/** Calendar days between two UTC epoch-ms instants (fractional for intraday). */
export function calendarDays(firstTs: number, lastTs: number): number {
  return (lastTs - firstTs) / DAY_MS;
}

/**
 * Compound annual growth rate over calendar time: (finalEquity / startingEquity)^(365.25 / days) − 1.
 * E.g. 10,000 → 12,100 over 730 days ≈ 10.0 %. Null when days ≤ 0, startingEquity ≤ 0 or the ratio
 * is negative (no real root); −1 when finalEquity is 0.
 */
export function cagr(startingEquity: number, finalEquity: number, days: number): number | null {
  if (!(days > 0) || !(startingEquity > 0) || !(finalEquity >= 0)) return null;
  return finiteOrNull(Math.pow(finalEquity / startingEquity, 365.25 / days) - 1);
}
