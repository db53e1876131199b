import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../domain/time.ts';
import { drawdownSeries, maxDrawdown, maxDrawdownDays } from './drawdown.ts';

/** Equity curve from start 1 compounded by each return. */
function curve(returns: number[]): number[] {
  let e = 1;
  return returns.map((r) => (e *= 1 + r));
}

describe('maxDrawdown', () => {
  test.each([
    // 1.1, 1.045, 1.1286, 0.993168, 1.02296: peak 1.1286 → 0.993168 is 0.993168 / 1.1286 − 1 = −0.12
    { name: 'returns [0.10, −0.05, 0.08, −0.12, 0.03]', equity: curve([0.1, -0.05, 0.08, -0.12, 0.03]), start: 1, expected: -0.12 },
    // 0.5 against the seeded peak 1: −0.50
    { name: 'returns [−0.50, +0.10]', equity: curve([-0.5, 0.1]), start: 1, expected: -0.5 },
    // peak 5 → 2: 2/5 − 1 = −0.60
    { name: 'equity [1, 5, 4, 3, 2]', equity: [1, 5, 4, 3, 2], start: 1, expected: -0.6 },
    // seeded peak 5 → 1: −0.80, before the later new high at 6
    { name: 'equity [5, 1, 2, 6]', equity: [5, 1, 2, 6], start: 5, expected: -0.8 },
    { name: 'only rising', equity: [1, 2, 3], start: 1, expected: 0 },
    { name: 'no points', equity: [], start: 1, expected: 0 },
  ])('$name → $expected', ({ equity, start, expected }) => {
    expect(maxDrawdown(equity, equity.length, start)).toBeCloseTo(expected, 12);
  });
  test('only the first `length` points count', () => {
    expect(maxDrawdown([10, 10, 1], 2, 10)).toBe(0);
  });
});

describe('drawdownSeries', () => {
  test('fall from the running peak at each point, peak seeded with startingEquity', () => {
    // start 10: 8 → −0.2; 12 new peak → 0; 9 → 9/12 − 1 = −0.25; 12 → 0
    const dd = Array.from(drawdownSeries([8, 12, 9, 12], 4, 10));
    expect(dd.map((x) => Number(x.toFixed(12)))).toEqual([-0.2, 0, -0.25, 0]);
  });
});

describe('maxDrawdownDays', () => {
  test.each([
    // peaks: 100 (seed, day 0, regained at day 0), 120 at day 1 regained at day 4 (3 days), 125 at day 4 never regained to day 5 (1 day)
    { name: 'recovered stretch is longest', equity: [100, 120, 110, 90, 125, 100], days: [0, 1, 2, 3, 4, 5], start: 100, expected: 3 },
    // seed peak 100 dated at the first point (day 0); never regained by the last point (day 7)
    { name: 'never recovers', equity: [100, 90, 95], days: [0, 3, 7], start: 100, expected: 7 },
    // first point already below the seed; regained (equal counts) at day 2
    { name: 'below start from the first point', equity: [90, 100, 101], days: [0, 2, 40], start: 100, expected: 2 },
    // calendar days, not bars: peak on day 4 (Fri), regained day 11
    { name: 'weekends count', equity: [10, 12, 11, 11, 12.5], days: [0, 4, 7, 8, 11], start: 10, expected: 7 },
    { name: 'never under water', equity: [1, 2, 3], days: [0, 1, 2], start: 1, expected: 0 },
    // 6 hours under water
    { name: 'intraday fraction', equity: [10, 9, 10], days: [0, 0.125, 0.25], start: 10, expected: 0.25 },
  ])('$name → $expected days', ({ equity, days, start, expected }) => {
    const ts = days.map((d) => Date.UTC(2024, 0, 1) + d * DAY_MS);
    expect(maxDrawdownDays(ts, equity, equity.length, start)).toBeCloseTo(expected, 12);
  });
  test('no points → 0', () => expect(maxDrawdownDays([], [], 0, 1)).toBe(0));
});
