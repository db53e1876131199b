import type { RiskRule } from './risk-rule.ts';
import { judge, money, pass } from './verdict.ts';

/**
 * Always on: a buy that leaves a long position must be paid for. need = notional + estimatedFee
 * (dollars) must be ≤ cash. Sells and buys that only cover a short pass (short-sale proceeds are
 * already in cash; shortMargin guards the rest). Reason reads `need 10,004.37, have 10,000.00`.
 */
export function cashSufficiency(): RiskRule {
  const name = 'cashSufficiency';
  return {
    name,
    check(p, view) {
      const have = view.cash;
      // `<= 0` is false for NaN, so a broken position still gets the cash check.
      if (p.side === 'sell' || p.resultingPosition <= 0) return pass(name, { have, need: null });
      const need = p.notional + p.estimatedFee;
      return judge(name, need <= have, { have, need }, () => `need ${money(need)}, have ${money(have)}`);
    },
  };
}
