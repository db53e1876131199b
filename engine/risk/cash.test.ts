import { expect, test } from 'vitest';
import { cashSufficiency } from './cash.ts';
import { makeProposal, makeView } from './risk-rule.contract.ts';

test.each([
  {
    // 10.90 × 916 = 9,984.40; fee 0.2 % = 19.9688; need 10,004.3688 > 10,000
    name: 'the fee tips a full-cash buy over',
    spec: { price: 10.9, quantity: 916, estimatedFee: 9_984.4 * 0.002 },
    cash: 10_000,
    passed: false,
    need: 10_004.3688,
    reason: 'need 10,004.37, have 10,000.00',
  },
  {
    // 10.90 × 915 = 9,973.50; fee 0.2 % = 19.947; need 9,993.447 ≤ 10,000
    name: 'one share fewer fits',
    spec: { price: 10.9, quantity: 915, estimatedFee: 9_973.5 * 0.002 },
    cash: 10_000,
    passed: true,
    need: 9_993.447,
    reason: null,
  },
  {
    // exactly the cash: 1,000 × 10 = 10,000 ≤ 10,000
    name: 'spending exactly the cash',
    spec: { price: 10, quantity: 1_000 },
    cash: 10_000,
    passed: true,
    need: 10_000,
    reason: null,
  },
  {
    // cover 50 and buy 50 more at 10: the whole 1,000 + 1 fee is paid from cash
    name: 'crossing from short to long pays for the whole order',
    spec: { price: 10, quantity: 100, currentPosition: -50, estimatedFee: 1 },
    cash: 500,
    passed: false,
    need: 1_001,
    reason: 'need 1,001.00, have 500.00',
  },
  {
    name: 'no price: need unknown, fails closed',
    spec: { price: Number.NaN },
    cash: 10_000,
    passed: false,
    need: null,
    reason: 'need unknown, have 10,000.00',
  },
])('$name', ({ spec, cash, passed, need, reason }) => {
  const v = cashSufficiency().check(makeProposal(spec), makeView({ cash }));
  expect(v.passed).toBe(passed);
  expect(v.reason).toBe(reason);
  if (need === null) expect(v.compared.need).toBeNull();
  else expect(v.compared.need).toBeCloseTo(need, 9);
  expect(v.compared.have).toBe(cash);
});

test.each([
  { name: 'a short sale', spec: { side: 'sell', quantity: 5_000 } },
  { name: 'selling a long', spec: { side: 'sell', quantity: 100, currentPosition: 100 } },
  { name: 'covering part of a short', spec: { side: 'buy', quantity: 500, currentPosition: -1_000 } },
] as const)('does not apply to $name', ({ spec }) => {
  expect(cashSufficiency().check(makeProposal(spec), makeView({ cash: 0 }))).toEqual({
    rule: 'cashSufficiency', passed: true, compared: { need: null, have: 0 }, reason: null,
  });
});
