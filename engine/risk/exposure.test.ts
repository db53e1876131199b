import { describe, expect, test } from 'vitest';
import { maxGrossExposure, maxOrderNotional, maxPositionWeight } from './exposure.ts';
import { makeProposal, makeView } from './risk-rule.contract.ts';

describe('maxPositionWeight(0.5), equity 10,000, price 10', () => {
  test.each([
    // 520 × 10 / 10,000 = 0.52
    { name: 'new long over the limit', spec: { quantity: 520 }, weightAfter: 0.52, passed: false, reason: 'weight after 52.00% > limit 50.00%' },
    // 500 × 10 / 10,000 = 0.50: at the limit passes
    { name: 'new long at the limit', spec: { quantity: 500 }, weightAfter: 0.5, passed: true, reason: null },
    // (400 + 200) × 10 / 10,000 = 0.60
    { name: 'adding to a long', spec: { quantity: 200, currentPosition: 400 }, weightAfter: 0.6, passed: false, reason: 'weight after 60.00% > limit 50.00%' },
    // |−300| × 10 / 10,000 = 0.30
    { name: 'a short within the limit', spec: { side: 'sell', quantity: 300 }, weightAfter: 0.3, passed: true, reason: null },
    // 800 − 1,400 = −600 → 0.60: crossing zero is not an exit
    { name: 'crossing long to short', spec: { side: 'sell', quantity: 1_400, currentPosition: 800 }, weightAfter: 0.6, passed: false, reason: 'weight after 60.00% > limit 50.00%' },
  ] as const)('$name → $weightAfter', ({ spec, weightAfter, passed, reason }) => {
    const v = maxPositionWeight(0.5).check(makeProposal(spec), makeView());
    expect(v.compared.weightAfter).toBeCloseTo(weightAfter, 12);
    expect(v.compared.limit).toBe(0.5);
    expect(v.passed).toBe(passed);
    expect(v.reason).toBe(reason);
  });
  test('an exit passes even while over the limit (800 → 700 shares is still 70 %)', () => {
    const v = maxPositionWeight(0.5).check(makeProposal({ side: 'sell', quantity: 100, currentPosition: 800 }), makeView({ positions: [800] }));
    expect(v).toEqual({ rule: 'maxPositionWeight', passed: true, compared: { weightAfter: 0.7, limit: 0.5, riskReducing: true }, reason: null });
  });
  test('no equity: weight unknown, fails closed', () => {
    const v = maxPositionWeight(0.5).check(makeProposal({ quantity: 1 }), makeView({ equity: 0 }));
    expect(v.passed).toBe(false);
    expect(v.compared.weightAfter).toBeNull();
  });
});

describe('maxGrossExposure(1), equity 10,000; MSFT 500 × 10 = 5,000 and SPY −200 × 20 = 4,000 held', () => {
  const view = (aapl = 0) => makeView({ positions: [aapl, 500, -200], prices: [10, 10, 20] });
  test.each([
    // 9,000 + 200 × 10 = 11,000 → 1.10
    { name: 'buy 200 AAPL', spec: { quantity: 200 }, aapl: 0, exposureAfter: 1.1, reason: 'gross exposure after 110.00% > limit 100.00%' },
    // 9,000 + 100 × 10 = 10,000 → 1.00 at the limit
    { name: 'buy 100 AAPL', spec: { quantity: 100 }, aapl: 0, exposureAfter: 1, reason: null },
    // gross 10,000 holds AAPL 100 × last 10 = 1,000; after: 10,000 − 1,000 + 150 × 12 = 10,800 → 1.08
    { name: 'add 50 AAPL at a new price 12', spec: { quantity: 50, price: 12, currentPosition: 100 }, aapl: 100, exposureAfter: 1.08, reason: 'gross exposure after 108.00% > limit 100.00%' },
    // a short adds exposure too: 9,000 + 150 × 10 = 10,500 → 1.05
    { name: 'short 150 AAPL', spec: { side: 'sell', quantity: 150 }, aapl: 0, exposureAfter: 1.05, reason: 'gross exposure after 105.00% > limit 100.00%' },
  ] as const)('$name → $exposureAfter', ({ spec, aapl, exposureAfter, reason }) => {
    const v = maxGrossExposure(1).check(makeProposal(spec), view(aapl));
    expect(v.compared.exposureAfter).toBeCloseTo(exposureAfter, 12);
    expect(v.passed).toBe(reason === null);
    expect(v.reason).toBe(reason);
  });
  test('an exit passes while over the limit', () => {
    // AAPL 300 × 10 + 5,000 + 4,000 = 12,000; MSFT 500 → 400 leaves 11,000 → 1.10, still over, but it is an exit
    const v = maxGrossExposure(1).check(
      makeProposal({ symbol: 'MSFT', symbolIndex: 1, side: 'sell', quantity: 100, currentPosition: 500 }),
      makeView({ positions: [300, 500, -200], prices: [10, 10, 20] }),
    );
    expect(v.passed).toBe(true);
    expect(v.compared.exposureAfter).toBeCloseTo(1.1, 12);
    expect(v.compared.riskReducing).toBe(true);
  });
});

describe('maxOrderNotional(5,000)', () => {
  test.each([
    // 600 × 10 = 6,000
    { name: 'over', spec: { quantity: 600 }, notional: 6_000, reason: 'order notional 6,000.00 > limit 5,000.00' },
    { name: 'at', spec: { quantity: 500 }, notional: 5_000, reason: null },
    // closing 1,000 shares (10,000) is an exit
    { name: 'a large exit', spec: { side: 'sell', quantity: 1_000, currentPosition: 1_000 }, notional: 10_000, reason: null },
  ] as const)('$name', ({ spec, notional, reason }) => {
    const v = maxOrderNotional(5_000).check(makeProposal(spec), makeView());
    expect(v.compared.notional).toBe(notional);
    expect(v.reason).toBe(reason);
    expect(v.passed).toBe(reason === null);
  });
});

test.each([
  ['maxPositionWeight', maxPositionWeight],
  ['maxGrossExposure', maxGrossExposure],
  ['maxOrderNotional', maxOrderNotional],
] as const)('%s rejects a non-positive limit', (name, make) => {
  expect(() => make(0)).toThrow(new RegExp(`${name}: limit`));
  expect(() => make(Number.NaN)).toThrow(new RegExp(`${name}: limit`));
});
