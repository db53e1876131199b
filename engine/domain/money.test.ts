import { describe, expect, test } from 'vitest';
import { roundCents, roundWhole } from './money.ts';

describe('roundCents: half a cent away from zero, robust to binary noise', () => {
  test.each([
    [26.61, 26.61],
    [26.756810751907, 26.76],
    [25.874501, 25.87],
    [1.005, 1.01], // 1.00499999999999989... in binary: still a decimal half cent
    [2.675, 2.68], // toFixed(2) gives 2.67
    [1.045, 1.05],
    [44.25 / (43.5 / 2.03), 2.07], // ORCL 1995-02-09 open: exactly 2.065, computed as 2.0649999...
    [30.5 / (31 / 2.17), 2.14], // ORCL 1995-05-09 low: exactly 2.135
    [15.4 / (14.96 / 14.11), 14.53], // ORCL 2009-03-04 open: exactly 14.525
    [0.125, 0.13],
    [0.004999, 0],
    [-1.005, -1.01],
    [-2.344, -2.34],
    [123456.785, 123456.79],
    [0, 0],
  ])('%d → %d', (x, cents) => {
    expect(roundCents(x)).toBe(cents);
  });

  test.each([Number.NaN, Infinity, -Infinity])('%d passes through', (x) => {
    expect(roundCents(x)).toBe(x);
  });

  test('never moves a value by more than half a cent', () => {
    for (let i = 0; i < 10_000; i++) {
      const x = i * 0.0137;
      expect(Math.abs(roundCents(x) - x)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });
});

describe('roundWhole', () => {
  test.each([
    [778116222, 778116222],
    [112538942.0518602, 112538942],
    [2.5, 3],
    [-2.5, -3],
    [0.49999, 0],
  ])('%d → %d', (x, whole) => {
    expect(roundWhole(x)).toBe(whole);
  });
});
