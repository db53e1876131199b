import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../domain/time.ts';
import { cagr, calendarDays } from './growth.ts';

describe('cagr', () => {
  test.each([
    // (12,100 / 10,000)^(365.25 / 730) − 1 = 1.21^0.50034247 − 1 = exp(0.19062036 × 0.50034247) − 1 = exp(0.09537547) − 1 ≈ 0.10007
    { start: 10_000, final: 12_100, days: 730, expected: 0.10007 },
    // one year of 365.25 days: exactly the total return
    { start: 100, final: 150, days: 365.25, expected: 0.5 },
    // halving over two years: 0.5^0.5 − 1 = 0.70710678 − 1 = −0.29289322
    { start: 100, final: 50, days: 730.5, expected: -0.29289322 },
    // total loss
    { start: 100, final: 0, days: 100, expected: -1 },
  ])('$start → $final over $days days ≈ $expected', ({ start, final, days, expected }) => {
    expect(cagr(start, final, days)).toBeCloseTo(expected, 5);
  });
  test('10,000 → 12,100 over 730 calendar days is ≈ 10.0 %, not the 6.8 % of counting 252 trading days a year', () => {
    // 1.21^(252 / 730) − 1 ≈ 0.068 would be the bar-count mistake
    const c = cagr(10_000, 12_100, calendarDays(Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 1) + 730 * DAY_MS));
    expect(c).toBeCloseTo(0.1, 3);
    expect(Math.abs((c as number) - 0.068)).toBeGreaterThan(0.03);
  });
  test.each([
    { why: 'no time', start: 100, final: 110, days: 0 },
    { why: 'negative final equity', start: 100, final: -5, days: 365 },
    { why: 'non-positive start', start: 0, final: 5, days: 365 },
  ])('null when undefined: $why', ({ start, final, days }) => {
    expect(cagr(start, final, days)).toBeNull();
  });
});

describe('calendarDays', () => {
  test('2020-01-01 → 2021-12-31 is 730 days (2020 is a leap year)', () => {
    expect(calendarDays(Date.UTC(2020, 0, 1), Date.UTC(2021, 11, 31))).toBe(730);
  });
});
