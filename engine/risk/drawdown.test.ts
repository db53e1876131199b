import { describe, expect, test } from 'vitest';
import { dailyLossLimit, drawdownHalt } from './drawdown.ts';
import { makeProposal, makeView } from './risk-rule.contract.ts';

describe('drawdownHalt(0.2), high-water mark 10,000', () => {
  test.each([
    // 1 − 8,500 / 10,000 = 0.15
    { equity: 8_500, below: 0.15, reason: null },
    // exactly 20 % below halts
    { equity: 8_000, below: 0.2, reason: 'equity 8,000.00 is 20.00% below the high-water mark 10,000.00 (limit 20.00%): new risk halted' },
    { equity: 7_500, below: 0.25, reason: 'equity 7,500.00 is 25.00% below the high-water mark 10,000.00 (limit 20.00%): new risk halted' },
  ])('equity $equity → $below below', ({ equity, below, reason }) => {
    const v = drawdownHalt(0.2).check(makeProposal(), makeView({ equity, highWaterMark: 10_000 }));
    expect(v.compared.belowHighWater).toBeCloseTo(below, 12);
    expect(v.reason).toBe(reason);
    expect(v.passed).toBe(reason === null);
  });
  test.each([
    { name: 'selling a long', spec: { side: 'sell', quantity: 100, currentPosition: 100 }, passed: true },
    { name: 'covering a short', spec: { side: 'buy', quantity: 100, currentPosition: -100 }, passed: true },
    { name: 'partly selling a long', spec: { side: 'sell', quantity: 30, currentPosition: 100 }, passed: true },
    { name: 'adding to a short', spec: { side: 'sell', quantity: 50, currentPosition: -100 }, passed: false },
    { name: 'crossing long to short', spec: { side: 'sell', quantity: 200, currentPosition: 100 }, passed: false },
  ] as const)('while halted: $name → passed $passed', ({ spec, passed }) => {
    const v = drawdownHalt(0.2).check(makeProposal(spec), makeView({ equity: 7_000, highWaterMark: 10_000 }));
    expect(v.passed).toBe(passed);
  });
});

describe('drawdownHalt latches', () => {
  test('equity back within 5 % of the high-water mark, but the run fell 25 % earlier: still halted', () => {
    const v = drawdownHalt(0.2).check(makeProposal(), makeView({ equity: 9_500, highWaterMark: 10_000, worstDrawdown: 0.25 }));
    expect(v.passed).toBe(false);
    expect(v.compared.worstDrawdown).toBe(0.25);
    expect(v.reason).toBe('the drawdown reached 25.00% earlier in the run (limit 20.00%): new risk stays halted');
  });

  test('a run that never fell 20 % is not halted', () => {
    expect(drawdownHalt(0.2).check(makeProposal(), makeView({ equity: 9_500, highWaterMark: 10_000, worstDrawdown: 0.19 })).passed).toBe(true);
  });
});

describe('dailyLossLimit(0.03), day start 10,000', () => {
  test.each([
    // 1 − 9,800 / 10,000 = 0.02
    { equity: 9_800, loss: 0.02, reason: null },
    { equity: 9_700, loss: 0.03, reason: "equity 9,700.00 is 3.00% below the day's start 10,000.00 (limit 3.00%): new risk halted for the day" },
    // a gain is a negative loss
    { equity: 10_500, loss: -0.05, reason: null },
  ])('equity $equity → loss $loss', ({ equity, loss, reason }) => {
    const v = dailyLossLimit(0.03).check(makeProposal(), makeView({ equity, dayStartEquity: 10_000 }));
    expect(v.compared.dayLoss).toBeCloseTo(loss, 12);
    expect(v.reason).toBe(reason);
  });
  test('an exit passes after the limit is hit', () => {
    const v = dailyLossLimit(0.03).check(makeProposal({ side: 'sell', quantity: 100, currentPosition: 100 }), makeView({ equity: 9_000, dayStartEquity: 10_000 }));
    expect(v.passed).toBe(true);
    expect(v.compared.riskReducing).toBe(true);
  });
  test('no day-start equity: loss unknown, fails closed', () => {
    const v = dailyLossLimit(0.03).check(makeProposal(), makeView({ equity: 100, dayStartEquity: 0 }));
    expect(v.passed).toBe(false);
    expect(v.compared.dayLoss).toBeNull();
  });
});

test.each([0, 1.5, Number.NaN])('limits outside (0, 1] are refused: %s', (limit) => {
  expect(() => drawdownHalt(limit)).toThrow(/drawdownHalt: limit/);
  expect(() => dailyLossLimit(limit)).toThrow(/dailyLossLimit: limit/);
});
