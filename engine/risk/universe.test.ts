import { expect, test } from 'vitest';
import { makeProposal, makeView } from './risk-rule.contract.ts';
import { symbolInUniverse, tradingHalted } from './universe.ts';

test.each([
  { name: 'in the universe', symbol: 'AAPL', index: 0, passed: true, reason: null },
  { name: 'not in the universe', symbol: 'ZZZZ', index: -1, passed: false, reason: 'symbol_not_in_universe: ZZZZ is not in the universe of 3 symbols' },
  { name: 'index names another symbol', symbol: 'AAPL', index: 1, passed: false, reason: 'symbol index 1 names MSFT, not AAPL' },
  { name: 'index past the end', symbol: 'AAPL', index: 3, passed: false, reason: 'symbol_not_in_universe: AAPL is not in the universe of 3 symbols' },
])('symbolInUniverse: $name', ({ symbol, index, passed, reason }) => {
  const v = symbolInUniverse().check(makeProposal({ symbol, symbolIndex: index }), makeView());
  expect(v).toEqual({ rule: 'symbolInUniverse', passed, reason, compared: { symbol, symbolIndex: index, universeSize: 3 } });
});

test.each([
  { name: 'new buy', spec: {}, },
  { name: 'full exit', spec: { side: 'sell', quantity: 100, currentPosition: 100 } },
  { name: 'cover', spec: { side: 'buy', quantity: 100, currentPosition: -100 } },
] as const)('tradingHalted(true) blocks everything: $name', ({ spec }) => {
  expect(tradingHalted(true).check(makeProposal(spec), makeView())).toEqual({
    rule: 'tradingHalted', passed: false, compared: { tradingHalted: true }, reason: 'trading is halted: every order is rejected',
  });
});

test('tradingHalted(false) passes', () => {
  expect(tradingHalted(false).check(makeProposal(), makeView()).passed).toBe(true);
});
