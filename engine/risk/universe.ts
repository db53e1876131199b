import type { RiskRule } from './risk-rule.ts';
import { judge } from './verdict.ts';

/** Always on: the signal's symbol must be in the run's universe, at the index the engine resolved. */
export function symbolInUniverse(): RiskRule {
  const name = 'symbolInUniverse';
  return {
    name,
    check(p, view) {
      const i = p.symbolIndex;
      const symbol = p.signal.symbol;
      const ok = Number.isInteger(i) && i >= 0 && i < view.universe.length && view.universe[i] === symbol;
      return judge(name, ok, { symbol, symbolIndex: i, universeSize: view.universe.length }, () =>
        i >= 0 && i < view.universe.length
          ? `symbol index ${i} names ${view.universe[i]}, not ${symbol}`
          : // A stable code first: a model's near miss (APPL for AAPL) is rejected by this name, never mapped.
            `symbol_not_in_universe: ${symbol} is not in the universe of ${view.universe.length} symbols`,
      );
    },
  };
}

/** Always on: the kill switch. When `halted`, every order is rejected, exits included. */
export function tradingHalted(halted: boolean): RiskRule {
  const name = 'tradingHalted';
  return {
    name,
    check: () => judge(name, !halted, { tradingHalted: halted }, () => 'trading is halted: every order is rejected'),
  };
}
