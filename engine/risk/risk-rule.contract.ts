// Shared contract for every RiskRule, plus builders for proposals and views used by the rule tests.
import { describe, expect, test } from 'vitest';
import type { Side } from '../domain/order.ts';
import { SignalSchema } from '../domain/signal.ts';
import type { Proposal, RiskRule, RiskView } from './risk-rule.ts';

/** Fields of a test proposal; `notional` and `resultingPosition` follow from the others unless given. */
export interface ProposalSpec {
  symbol?: string;
  symbolIndex?: number;
  side?: Side;
  price?: number;
  quantity?: number;
  notional?: number;
  estimatedFee?: number;
  currentPosition?: number;
  resultingPosition?: number;
  barVolume?: number;
}

/** A proposal: default a market buy of 100 AAPL (index 0) at 10.00, flat, no fee, bar volume 1,000,000. */
export function makeProposal(spec: ProposalSpec = {}): Proposal {
  const side = spec.side ?? 'buy';
  const price = spec.price ?? 10;
  const quantity = spec.quantity ?? 100;
  const currentPosition = spec.currentPosition ?? 0;
  const symbol = spec.symbol ?? 'AAPL';
  const signal = SignalSchema.parse({
    symbol,
    action: side === 'buy' ? 'BUY' : 'SELL',
    size: { kind: 'quantity', value: quantity > 0 ? quantity : 1 },
  });
  return {
    signal,
    symbolIndex: spec.symbolIndex ?? 0,
    side,
    price,
    quantity,
    notional: spec.notional ?? quantity * price,
    estimatedFee: spec.estimatedFee ?? 0,
    currentPosition,
    resultingPosition: spec.resultingPosition ?? currentPosition + (side === 'buy' ? quantity : -quantity),
    barVolume: spec.barVolume ?? 1_000_000,
  };
}

/** Fields of a test view. Positions, prices and volumes are per universe index; gross exposure follows unless given. */
export interface ViewSpec {
  universe?: readonly string[];
  cash?: number;
  equity?: number;
  highWaterMark?: number;
  worstDrawdown?: number;
  dayStartEquity?: number;
  grossExposure?: number;
  positions?: readonly number[];
  prices?: readonly number[];
  averageVolumes?: readonly number[];
}

/** A view: default universe [AAPL, MSFT, SPY], 10,000 cash = equity = high-water mark = day start, flat, prices 10. */
export function makeView(spec: ViewSpec = {}): RiskView {
  const universe = spec.universe ?? ['AAPL', 'MSFT', 'SPY'];
  const equity = spec.equity ?? 10_000;
  const positions = spec.positions ?? [];
  const prices = spec.prices ?? [];
  const averageVolumes = spec.averageVolumes ?? [];
  const position = (i: number) => positions[i] ?? 0;
  const lastPrice = (i: number) => (i >= 0 && i < universe.length ? prices[i] ?? 10 : Number.NaN);
  let gross = 0;
  for (let i = 0; i < universe.length; i++) gross += position(i) === 0 ? 0 : Math.abs(position(i) * lastPrice(i));
  return {
    universe,
    cash: spec.cash ?? 10_000,
    equity,
    highWaterMark: spec.highWaterMark ?? equity,
    worstDrawdown: spec.worstDrawdown ?? Math.max(0, 1 - equity / (spec.highWaterMark ?? equity)),
    dayStartEquity: spec.dayStartEquity ?? equity,
    grossExposure: spec.grossExposure ?? gross,
    position,
    lastPrice,
    averageDailyVolume: (i) => averageVolumes[i] ?? Number.NaN,
  };
}

/** One input for the contract. */
export interface ContractCase {
  readonly name: string;
  readonly proposal: Proposal;
  readonly view: RiskView;
}

/** Inputs every rule must judge without throwing, including broken ones (fail closed by verdict, not exception). */
export const STANDARD_CASES: readonly ContractCase[] = [
  { name: 'plain buy', proposal: makeProposal(), view: makeView() },
  { name: 'short sale', proposal: makeProposal({ side: 'sell', quantity: 50 }), view: makeView() },
  { name: 'full exit of a long', proposal: makeProposal({ side: 'sell', quantity: 100, currentPosition: 100 }), view: makeView({ positions: [100], cash: 9_000 }) },
  { name: 'cover a short', proposal: makeProposal({ quantity: 30, currentPosition: -50 }), view: makeView({ positions: [-50], cash: 10_500 }) },
  { name: 'cross long to short', proposal: makeProposal({ side: 'sell', quantity: 300, currentPosition: 100 }), view: makeView({ positions: [100] }) },
  { name: 'symbol outside the universe', proposal: makeProposal({ symbol: 'ZZZZ', symbolIndex: -1, price: Number.NaN, barVolume: 0 }), view: makeView() },
  { name: 'no price yet', proposal: makeProposal({ price: Number.NaN, notional: Number.NaN }), view: makeView() },
  { name: 'wiped-out account', proposal: makeProposal(), view: makeView({ equity: 0, cash: 0, highWaterMark: 10_000, dayStartEquity: 0 }) },
  { name: 'no bar this slice', proposal: makeProposal({ barVolume: 0 }), view: makeView({ averageVolumes: [500_000] }) },
  { name: 'deep drawdown', proposal: makeProposal(), view: makeView({ equity: 5_000, cash: 5_000, highWaterMark: 10_000, dayStartEquity: 6_000 }) },
];

/**
 * Runs the RiskRule contract against rules made by `make`: deterministic (same input twice, and a fresh
 * rule, give deep-equal verdicts), verdict.rule === rule.name, reason null iff passed, compared values
 * finite numbers, strings, booleans or null, JSON round-trips, and no throw on the standard cases.
 */
export function riskRuleContract(label: string, make: () => RiskRule, extraCases: readonly ContractCase[] = []): void {
  describe(`RiskRule contract: ${label}`, () => {
    test('has a non-empty name', () => {
      expect(typeof make().name).toBe('string');
      expect(make().name.length).toBeGreaterThan(0);
    });
    test.each([...STANDARD_CASES, ...extraCases].map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const rule = make();
      const first = rule.check(c.proposal, c.view);
      expect(rule.check(c.proposal, c.view)).toEqual(first);
      expect(make().check(c.proposal, c.view)).toEqual(first);
      expect(first.rule).toBe(rule.name);
      expect(typeof first.passed).toBe('boolean');
      if (first.passed) expect(first.reason).toBeNull();
      else expect(first.reason).toMatch(/\S/);
      for (const [key, v] of Object.entries(first.compared)) {
        const ok = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
        expect(ok, `compared.${key} = ${String(v)}`).toBe(true);
      }
      expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    });
  });
}
