import { describe, expect, test } from 'vitest';
import { drawdownSeries, normalise, rollingSharpe } from './series-math.ts';

describe('series math', () => {
  test('normalise divides by the first point', () => {
    expect([...normalise([200, 220, 180])]).toEqual([1, 1.1, 0.9]);
    expect(normalise([]).length).toBe(0);
  });

  test('drawdown from the running peak', () => {
    expect([...drawdownSeries([100, 120, 90, 130, 117])].map((v) => +v.toFixed(6))).toEqual([0, 0, -0.25, 0, -0.1]);
  });

  test('rolling Sharpe by hand: window 3 over returns +10%, −10%, +10%, 0%', () => {
    // equity 100 → 110 → 99 → 108.9 → 108.9: returns r1 = 0.1, r2 = −0.1, r3 = 0.1, r4 = 0.
    const e = [100, 110, 99, 108.9, 108.9];
    const out = rollingSharpe(e, 3, 252);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[1]) && Number.isNaN(out[2])).toBe(true);
    // i = 3: r = (0.1, −0.1, 0.1); mean = 0.1/3; deviations (0.0667, −0.1333, 0.0667);
    // sample var = (0.004444 + 0.017778 + 0.004444) / 2 = 0.013333; sd = 0.115470; Sharpe = 0.033333 / 0.115470 × √252 = 4.582576.
    expect(out[3]).toBeCloseTo((0.1 / 3 / Math.sqrt(0.04 / 3)) * Math.sqrt(252), 9);
    expect(out[3]).toBeCloseTo(4.582576, 5);
    // i = 4: r = (−0.1, 0.1, 0); mean 0 → Sharpe 0.
    expect(out[4]).toBeCloseTo(0, 12);
  });

  test('a flat window has no Sharpe', () => {
    const out = rollingSharpe([1, 1, 1, 1], 2);
    expect(Number.isNaN(out[3])).toBe(true);
  });

  test('refuses a window below 2', () => expect(() => rollingSharpe([1, 2], 1)).toThrow('window must be an integer ≥ 2'));
});
