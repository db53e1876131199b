import { describe, expect, test } from 'vitest';
import { makeProposal, makeView } from './risk-rule.contract.ts';
import { shortMargin, shortingAllowed } from './shorting.ts';

describe('shortingAllowed(false)', () => {
  test.each([
    { name: 'short sale from flat', spec: { side: 'sell', quantity: 50 }, passed: false, reason: 'shorting is not allowed: the position after the order would be -50 shares' },
    { name: 'crossing long to short', spec: { side: 'sell', quantity: 150, currentPosition: 100 }, passed: false, reason: 'shorting is not allowed: the position after the order would be -50 shares' },
    { name: 'selling the whole long', spec: { side: 'sell', quantity: 100, currentPosition: 100 }, passed: true, reason: null },
    { name: 'covering an existing short', spec: { side: 'buy', quantity: 30, currentPosition: -50 }, passed: true, reason: null },
    { name: 'a buy', spec: {}, passed: true, reason: null },
  ] as const)('$name → passed $passed', ({ spec, passed, reason }) => {
    const v = shortingAllowed(false).check(makeProposal(spec), makeView());
    expect(v.passed).toBe(passed);
    expect(v.reason).toBe(reason);
    expect(v.compared.allowShort).toBe(false);
  });
  test('shortingAllowed(true) passes a short sale', () => {
    expect(shortingAllowed(true).check(makeProposal({ side: 'sell', quantity: 50 }), makeView()).passed).toBe(true);
  });
});

describe('shortMargin(0.5)', () => {
  test.each([
    {
      // short 1,500 × 10 = 15,000; required 0.5 × 15,000 = 7,500 ≤ equity 10,000
      name: 'a short within margin',
      spec: { side: 'sell', quantity: 1_500 },
      view: {},
      expected: { equityAfter: 10_000, required: 7_500, shortNotionalAfter: 15_000 },
      reason: null,
    },
    {
      // MSFT short 800 × 10 = 8,000 plus AAPL 1,300 × 10 = 13,000 → 21,000; required 10,500 > 10,000
      name: 'other shorts count',
      spec: { side: 'sell', quantity: 1_300 },
      view: { positions: [0, -800] },
      expected: { equityAfter: 10_000, required: 10_500, shortNotionalAfter: 21_000 },
      reason: 'equity after 10,000.00 < required 10,500.00 (50.00% of short notional 21,000.00)',
    },
    {
      // 2,000 × 10 = 20,000 → required 10,000; the 5.00 fee leaves equity 9,995
      name: 'the fee counts',
      spec: { side: 'sell', quantity: 2_000, estimatedFee: 5 },
      view: {},
      expected: { equityAfter: 9_995, required: 10_000, shortNotionalAfter: 20_000 },
      reason: 'equity after 9,995.00 < required 10,000.00 (50.00% of short notional 20,000.00)',
    },
    {
      // AAPL −1,000 → −1,500: 15,000 short (not 25,000: the current position is not counted twice); required 7,500 > 7,000
      name: 'adding to a short counts the resulting position once',
      spec: { side: 'sell', quantity: 500, currentPosition: -1_000 },
      view: { positions: [-1_000], equity: 7_000 },
      expected: { equityAfter: 7_000, required: 7_500, shortNotionalAfter: 15_000 },
      reason: 'equity after 7,000.00 < required 7,500.00 (50.00% of short notional 15,000.00)',
    },
    {
      // 100 long → −200: 2,000 short, required 1,000
      name: 'crossing long to short',
      spec: { side: 'sell', quantity: 300, currentPosition: 100 },
      view: { positions: [100] },
      expected: { equityAfter: 10_000, required: 1_000, shortNotionalAfter: 2_000 },
      reason: null,
    },
  ] as const)('$name', ({ spec, view, expected, reason }) => {
    const v = shortMargin(0.5).check(makeProposal(spec), makeView(view));
    expect(v.compared).toEqual({ ...expected, rate: 0.5 });
    expect(v.reason).toBe(reason);
    expect(v.passed).toBe(reason === null);
  });

  test.each([
    { name: 'covering a short', spec: { side: 'buy', quantity: 100, currentPosition: -5_000 } },
    { name: 'selling part of a long', spec: { side: 'sell', quantity: 100, currentPosition: 200 } },
  ] as const)('does not apply to $name, even when margin is short', ({ spec }) => {
    const v = shortMargin(0.5).check(makeProposal(spec), makeView({ positions: [spec.currentPosition], equity: 100 }));
    expect(v.passed).toBe(true);
    expect(v.compared.required).toBeNull();
  });

  test.each([-0.1, Number.NaN, Number.POSITIVE_INFINITY])('rejects rate %s', (rate) => {
    expect(() => shortMargin(rate)).toThrow(/shortMargin: rate/);
  });
});
