import { describe, expect, test } from 'vitest';
import { createRiskManager, rulesFromLimits } from './risk-manager.ts';
import type { RiskRule } from './risk-rule.ts';
import { makeProposal, makeView } from './risk-rule.contract.ts';
import { symbolInUniverse } from './universe.ts';

const ALWAYS_ON = ['tradingHalted', 'symbolInUniverse', 'shortingAllowed', 'cashSufficiency', 'shortMargin'];

const STRICT = {
  maxOrderNotional: 1_000,
  maxPositionWeight: 0.05,
  maxGrossExposure: 0.1,
  maxDrawdown: 0.1,
  dailyLossLimit: 0.02,
  minAverageDailyVolume: 1e9,
  maxParticipation: 0.0001,
};

describe('rulesFromLimits', () => {
  test('defaults: only the always-on rules', () => {
    expect(rulesFromLimits({}).map((r) => r.name)).toEqual(ALWAYS_ON);
  });
  test('every configured limit adds its rule, in a fixed order', () => {
    expect(rulesFromLimits(STRICT).map((r) => r.name)).toEqual([
      ...ALWAYS_ON, 'maxOrderNotional', 'maxPositionWeight', 'maxGrossExposure', 'drawdownHalt', 'dailyLossLimit', 'minAverageVolume', 'maxParticipation',
    ]);
  });
  test('invalid limits are refused', () => {
    expect(() => rulesFromLimits({ maxPositionWeight: -1 })).toThrow(/maxPositionWeight/);
  });
});

describe('createRiskManager', () => {
  test('approves when every rule passes, with a verdict per rule', () => {
    const d = createRiskManager({}).evaluate(makeProposal(), makeView());
    expect(d.approved).toBe(true);
    expect(d.reason).toBeNull();
    expect(d.verdicts.map((v) => [v.rule, v.passed])).toEqual(ALWAYS_ON.map((n) => [n, true]));
  });

  test('the 10,004.37 case: rejected by cashSufficiency with the exact reason', () => {
    // 10.90 × 916 = 9,984.40 + 0.2 % fee 19.9688 = 10,004.3688 > 10,000 cash
    const d = createRiskManager({}).evaluate(makeProposal({ price: 10.9, quantity: 916, estimatedFee: 19.9688 }), makeView({ cash: 10_000 }));
    expect(d.approved).toBe(false);
    expect(d.reason).toBe('need 10,004.37, have 10,000.00');
    expect(d.verdicts.filter((v) => !v.passed).map((v) => v.rule)).toEqual(['cashSufficiency']);
    expect(d.verdicts).toHaveLength(5);
  });

  test('every rule is run and the reason is the first failure', () => {
    // 2,000 × 10 = 20,000 > 10,000 cash and > 1,000 notional, and 200 % of equity
    const d = createRiskManager({ maxOrderNotional: 1_000, maxPositionWeight: 0.5 }).evaluate(makeProposal({ quantity: 2_000 }), makeView());
    expect(d.verdicts.filter((v) => !v.passed).map((v) => v.rule)).toEqual(['cashSufficiency', 'maxOrderNotional', 'maxPositionWeight']);
    expect(d.reason).toBe('need 20,000.00, have 10,000.00');
  });

  test('a rule that throws rejects, and evaluation continues for the record', () => {
    const boom: RiskRule = { name: 'boom', check: () => { throw new Error('kaboom'); } };
    const d = createRiskManager([boom, symbolInUniverse()]).evaluate(makeProposal(), makeView());
    expect(d).toEqual({
      approved: false,
      reason: 'rule threw: kaboom',
      verdicts: [
        { rule: 'boom', passed: false, compared: {}, reason: 'rule threw: kaboom' },
        { rule: 'symbolInUniverse', passed: true, compared: { symbol: 'AAPL', symbolIndex: 0, universeSize: 3 }, reason: null },
      ],
    });
  });

  test('a thrown non-Error is reported too', () => {
    const d = createRiskManager([{ name: 'odd', check: () => { throw 'no'; } }]).evaluate(makeProposal(), makeView());
    expect(d.reason).toBe('rule threw: no');
  });

  test.each([
    { name: 'wrong rule name', verdict: { rule: 'other', passed: true, compared: {}, reason: null } },
    { name: 'passed not a boolean', verdict: { rule: 'bad', passed: 'yes', compared: {}, reason: null } },
    { name: 'failed without a reason', verdict: { rule: 'bad', passed: false, compared: {}, reason: null } },
    { name: 'passed with a reason', verdict: { rule: 'bad', passed: true, compared: {}, reason: 'hmm' } },
    { name: 'no verdict at all', verdict: undefined },
  ])('a malformed verdict rejects: $name', ({ verdict }) => {
    const bad = { name: 'bad', check: () => verdict } as unknown as RiskRule;
    const d = createRiskManager([bad]).evaluate(makeProposal(), makeView());
    expect(d.verdicts).toEqual([{ rule: 'bad', passed: false, compared: {}, reason: 'rule returned a malformed verdict' }]);
  });

  test('non-finite compared numbers from a custom rule become null', () => {
    const nan: RiskRule = { name: 'nan', check: () => ({ rule: 'nan', passed: true, compared: { x: Number.NaN, y: 1 }, reason: null }) };
    expect(createRiskManager([nan]).evaluate(makeProposal(), makeView()).verdicts[0].compared).toEqual({ x: null, y: 1 });
  });

  test('exits pass every configured rule while halted by drawdown; new risk does not', () => {
    // equity 8,000 is 20 % below the 10,000 high-water mark (limit 10 %) and 20 % below the day's start (limit 2 %)
    const manager = createRiskManager(STRICT);
    const view = makeView({ equity: 8_000, cash: 0, highWaterMark: 10_000, dayStartEquity: 10_000, positions: [1_000], averageVolumes: [5] });
    const exit = manager.evaluate(makeProposal({ side: 'sell', quantity: 1_000, currentPosition: 1_000, barVolume: 10 }), view);
    expect(exit.reason).toBeNull();
    expect(exit.approved).toBe(true);
    expect(exit.verdicts).toHaveLength(12);
    const add = manager.evaluate(makeProposal({ quantity: 1, currentPosition: 1_000 }), view);
    expect(add.approved).toBe(false);
    expect(add.verdicts.find((v) => v.rule === 'drawdownHalt')?.passed).toBe(false);
  });

  test('tradingHalted blocks exits too', () => {
    const d = createRiskManager({ tradingHalted: true }).evaluate(makeProposal({ side: 'sell', quantity: 100, currentPosition: 100 }), makeView({ positions: [100] }));
    expect(d.approved).toBe(false);
    expect(d.reason).toBe('trading is halted: every order is rejected');
  });

  test('deterministic: the same input twice gives byte-identical JSON', () => {
    const manager = createRiskManager(STRICT);
    const run = () => JSON.stringify(manager.evaluate(makeProposal({ quantity: 50 }), makeView({ averageVolumes: [2e9] })));
    expect(run()).toBe(run());
  });

  test('refuses duplicate rule names', () => {
    expect(() => createRiskManager([symbolInUniverse(), symbolInUniverse()])).toThrow('risk rule name "symbolInUniverse" appears twice');
  });

  test('an empty rule list approves (an explicit choice of the caller)', () => {
    expect(createRiskManager([]).evaluate(makeProposal(), makeView()).approved).toBe(true);
  });
});
