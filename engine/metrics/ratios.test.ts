import { describe, expect, test } from 'vitest';
import { barReturns, perBarRiskFree } from './returns.ts';
import { rollingSharpe, sharpeRatio, sortinoRatio, volatility } from './ratios.ts';

describe('barReturns', () => {
  test('first return is against startingEquity, the rest bar over bar', () => {
    // 100 → 100: 0; 100 → 110: +0.1; 110 → 99: 99/110 − 1 = −0.1
    const r = barReturns(new Float64Array([100, 110, 99, 7]), 3, 100);
    expect(r.length).toBe(3);
    [0, 0.1, -0.1].forEach((x, i) => expect(r[i]).toBeCloseTo(x, 12));
  });
  test('a return after non-positive equity is NaN', () => {
    expect(Number.isNaN(barReturns([0, 5], 2, 10)[1])).toBe(true);
  });
});

describe('perBarRiskFree', () => {
  // 1.02^(1/252) − 1 = exp(ln 1.02 / 252) − 1 = exp(0.0198026273 / 252) − 1 = exp(7.85818544e-5) − 1 ≈ 7.858494e-5
  test('2 %/yr over 252 bars', () => expect(perBarRiskFree(0.02, 252)).toBeCloseTo(7.858494e-5, 10));
  test('0 %/yr is 0', () => expect(perBarRiskFree(0, 252)).toBe(0));
});

describe('volatility', () => {
  test.each([
    // returns [0, 0.1, −0.1]: mean 0, sample var (0 + 0.01 + 0.01) / 2 = 0.01, std 0.1; × √252 = 0.1 × 15.8745079 = 1.58745079
    { returns: [0, 0.1, -0.1], barsPerYear: 252, expected: 1.58745079 },
    // returns [0.01, 0.03]: mean 0.02, sample var (1e-4 + 1e-4) / 1 = 2e-4, std 0.0141421356; × √12 = 3.46410162 → 0.0489897949
    { returns: [0.01, 0.03], barsPerYear: 12, expected: 0.0489897949 },
    // constant returns have no dispersion: exactly 0
    { returns: [0.001, 0.001, 0.001], barsPerYear: 252, expected: 0 },
  ])('$returns × √$barsPerYear → $expected', ({ returns, barsPerYear, expected }) => {
    expect(volatility(returns, barsPerYear)).toBeCloseTo(expected, 8);
  });
  test.each([[[]], [[0.01]]])('undefined with fewer than two returns: %j → null', (returns) => {
    expect(volatility(returns, 252)).toBeNull();
  });
});

describe('sharpeRatio', () => {
  test.each([
    // mean r = (0.004 − 0.006 + 0.003 − 0.002 + 0.002) / 5 = 0.0002; rf/bar = 1.02^(1/252) − 1 ≈ 0.0000785849
    // mean excess = 0.0002 − 0.0000785849 = 0.0001214151
    // deviations from the mean: 0.0038, −0.0062, 0.0028, −0.0022, 0.0018; squares sum 68.8e-6; / 4 = 17.2e-6; std = 0.00414729
    // 0.0001214151 / 0.00414729 = 0.0292758; × √252 (15.8745079) ≈ 0.46474
    { returns: [0.004, -0.006, 0.003, -0.002, 0.002], rf: 0.02, expected: 0.46474, digits: 4 },
    // mean 0.005; deviations ±0.015, ±0.025 → squares 2 × 2.25e-4 + 2 × 6.25e-4 = 1.7e-3; / 3 = 5.6667e-4; std 0.0238048
    // 0.005 / 0.0238048 = 0.2100420 × 15.8745079 ≈ 3.33431
    { returns: [0.02, -0.01, 0.03, -0.02], rf: 0, expected: 3.33431, digits: 4 },
  ])('$returns, rf $rf → $expected', ({ returns, rf, expected, digits }) => {
    expect(sharpeRatio(returns, 252, rf)).toBeCloseTo(expected, digits);
  });
  test('the spec value is ≈ 0.465', () => {
    expect(sharpeRatio([0.004, -0.006, 0.003, -0.002, 0.002], 252, 0.02)).toBeCloseTo(0.465, 3);
  });
  test.each([
    { why: 'no returns', returns: [] as number[], rf: 0 },
    { why: 'one return', returns: [0.01], rf: 0 },
    { why: 'flat equity', returns: [0, 0, 0], rf: 0 },
    { why: 'flat equity with a risk-free rate (identical excess returns)', returns: [0, 0, 0, 0], rf: 0.05 },
  ])('null when undefined: $why', ({ returns, rf }) => {
    expect(sharpeRatio(returns, 252, rf)).toBeNull();
  });
});

describe('sortinoRatio', () => {
  test.each([
    // mean 0.005; min(0, r)² = 0, 1e-4, 0, 4e-4 → mean over ALL 4 bars = 5e-4 / 4 = 1.25e-4; dd = 0.0111803
    // 0.005 / 0.0111803 = 0.4472136 (= 1/√5); × √252 = √(252/5) = √50.4 ≈ 7.09930
    { returns: [0.02, -0.01, 0.03, -0.02], expected: 7.0993 },
    // mean −0.0025; min(0,r)²: 0, 4e-4 → mean 2e-4, dd 0.0141421; −0.0025 / 0.0141421 = −0.1767767 × 15.8745079 ≈ −2.80624
    { returns: [0.015, -0.02], expected: -2.80624 },
  ])('$returns → $expected', ({ returns, expected }) => {
    expect(sortinoRatio(returns, 252)).toBeCloseTo(expected, 4);
  });
  test.each([
    { why: 'no returns', returns: [] as number[] },
    { why: 'no negative bar', returns: [0.01, 0, 0.02] },
  ])('null when undefined: $why', ({ returns }) => {
    expect(sortinoRatio(returns, 252)).toBeNull();
  });
});

describe('rollingSharpe', () => {
  test('NaN until the window fills, then the Sharpe of each trailing window', () => {
    const r = [0.03, 0.02, -0.01, 0.03, -0.02];
    const out = rollingSharpe(r, 4, 252);
    expect(out.length).toBe(5);
    expect(Array.from(out.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    // last window = [0.02, −0.01, 0.03, −0.02], Sharpe ≈ 3.33431 (worked above)
    expect(out[4]).toBeCloseTo(3.33431, 4);
    expect(out[3]).toBe(sharpeRatio(r.slice(0, 4), 252));
  });
  test('NaN where a window has no dispersion', () => {
    expect(Number.isNaN(rollingSharpe([0, 0, 0.01], 2, 252)[1])).toBe(true);
  });
  test.each([0, 1, 2.5])('rejects window %s', (w) => {
    expect(() => rollingSharpe([0.01, 0.02], w, 252)).toThrow(/window/);
  });
});
