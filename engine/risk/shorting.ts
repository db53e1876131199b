import type { Proposal, RiskRule, RiskView } from './risk-rule.ts';
import { fail, judge, money, pass, percent, shares } from './verdict.ts';

/** True when a sell leaves the position short (opening, adding to or crossing into a short). NaN counts as short. */
function sellsShort(p: Proposal): boolean {
  return p.side === 'sell' && !(p.resultingPosition >= 0);
}

/** Always on: when `allowShort` is false, a sell may not leave the position short. Buys (covering included) pass. */
export function shortingAllowed(allowShort: boolean): RiskRule {
  const name = 'shortingAllowed';
  return {
    name,
    check(p) {
      const compared = { allowShort, resultingPosition: p.resultingPosition };
      if (allowShort || !sellsShort(p)) return pass(name, compared);
      return fail(name, compared, `shorting is not allowed: the position after the order would be ${shares(p.resultingPosition)} shares`);
    },
  };
}

/**
 * Always on (rate defaults to 0.5): a sell that leaves a short must keep
 * equity after the order (equity − estimatedFee) ≥ rate × total short notional after the order,
 * dollars, with other symbols' shorts valued at their last price. Orders that do not sell short pass.
 */
export function shortMargin(rate: number): RiskRule {
  if (!(rate >= 0) || !Number.isFinite(rate)) throw new RangeError(`shortMargin: rate must be a finite number >= 0, got ${rate}`);
  const name = 'shortMargin';
  return {
    name,
    check(p, view) {
      if (!sellsShort(p)) return pass(name, { equityAfter: null, rate, required: null, shortNotionalAfter: null });
      const shortNotionalAfter = otherShorts(p.symbolIndex, view) + Math.abs(p.resultingPosition * p.price);
      const equityAfter = view.equity - p.estimatedFee;
      const required = rate * shortNotionalAfter;
      return judge(name, equityAfter >= required, { equityAfter, rate, required, shortNotionalAfter }, () =>
        `equity after ${money(equityAfter)} < required ${money(required)} (${percent(rate)} of short notional ${money(shortNotionalAfter)})`,
      );
    },
  };
}

function otherShorts(symbolIndex: number, view: RiskView): number {
  let total = 0;
  for (let i = 0; i < view.universe.length; i++) {
    if (i === symbolIndex) continue;
    const q = view.position(i);
    if (q < 0) total -= q * view.lastPrice(i);
  }
  return total;
}
