import { describe, expect, test } from 'vitest';
import { makeProposal } from './risk-rule.contract.ts';
import { belowRatio, isRiskReducing, money, percent, shares, withinRatio } from './verdict.ts';

describe('money', () => {
  test.each([
    [10_004.3688, '10,004.37'],
    [10_000, '10,000.00'],
    [1_234_567.891, '1,234,567.89'],
    [-1_234.5, '-1,234.50'],
    [999, '999.00'],
    [0.004, '0.00'],
    [-0.004, '0.00'],
    [Number.NaN, 'unknown'],
    [Number.POSITIVE_INFINITY, 'unknown'],
  ])('%s → %s', (x, text) => expect(money(x)).toBe(text));
});

describe('shares and percent', () => {
  test.each([
    [1_000, '1,000'],
    [1_234.5, '1,234.5'],
    [0.125, '0.125'],
    [-50, '-50'],
  ])('shares(%s) → %s', (x, text) => expect(shares(x)).toBe(text));
  test.each([
    [0.52, '52.00%'],
    [0.005, '0.50%'],
    [1.1, '110.00%'],
    [Number.NaN, 'unknown'],
  ])('percent(%s) → %s', (x, text) => expect(percent(x)).toBe(text));
});

describe('isRiskReducing', () => {
  test.each([
    { name: 'partial exit of a long', current: 100, side: 'sell', qty: 40, expected: true },
    { name: 'full exit of a long', current: 100, side: 'sell', qty: 100, expected: true },
    { name: 'partial cover of a short', current: -100, side: 'buy', qty: 40, expected: true },
    { name: 'crossing long to short', current: 100, side: 'sell', qty: 150, expected: false },
    { name: 'crossing short to long', current: -100, side: 'buy', qty: 150, expected: false },
    { name: 'adding to a long', current: 100, side: 'buy', qty: 1, expected: false },
    { name: 'opening from flat', current: 0, side: 'sell', qty: 10, expected: false },
    { name: 'zero quantity', current: 100, side: 'sell', qty: 0, expected: false },
  ] as const)('$name → $expected', ({ current, side, qty, expected }) => {
    expect(isRiskReducing(makeProposal({ currentPosition: current, side, quantity: qty }))).toBe(expected);
  });
  test('a NaN resulting position is not risk-reducing', () => {
    expect(isRiskReducing(makeProposal({ currentPosition: 100, resultingPosition: Number.NaN }))).toBe(false);
  });
});

describe('ratio comparisons tolerate floating-point noise and fail closed on NaN', () => {
  test.each([
    // 0.1 + 0.2 = 0.30000000000000004 is "at" a 0.3 limit
    { a: 0.1 + 0.2, limit: 0.3, within: true },
    { a: 0.3001, limit: 0.3, within: false },
    { a: Number.NaN, limit: 0.3, within: false },
  ])('withinRatio($a, $limit) → $within', ({ a, limit, within }) => expect(withinRatio(a, limit)).toBe(within));
  test.each([
    // 1 − 0.8 = 0.19999999999999996 counts as reaching a 0.2 limit
    { a: 1 - 0.8, limit: 0.2, below: false },
    { a: 0.15, limit: 0.2, below: true },
    { a: Number.NaN, limit: 0.2, below: false },
  ])('belowRatio($a, $limit) → $below', ({ a, limit, below }) => expect(belowRatio(a, limit)).toBe(below));
});
