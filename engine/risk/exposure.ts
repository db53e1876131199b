import type { RiskRule } from './risk-rule.ts';
import { isRiskReducing, judge, money, pass, percent, withinRatio } from './verdict.ts';

function positiveLimit(rule: string, limit: number): void {
  if (!(limit > 0) || !Number.isFinite(limit)) throw new RangeError(`${rule}: limit must be a finite number > 0, got ${limit}`);
}

/** Equity as a divisor; NaN when not positive, so ratios over a wiped-out account fail closed. */
function divisor(equity: number): number {
  return equity > 0 ? equity : Number.NaN;
}

/**
 * |resultingPosition × price| / equity must be ≤ `limit` (a fraction of equity: 0.25 = 25 %).
 * Risk-reducing orders always pass.
 */
export function maxPositionWeight(limit: number): RiskRule {
  const name = 'maxPositionWeight';
  positiveLimit(name, limit);
  return {
    name,
    check(p, view) {
      const weightAfter = Math.abs(p.resultingPosition * p.price) / divisor(view.equity);
      if (isRiskReducing(p)) return pass(name, { limit, riskReducing: true, weightAfter });
      return judge(name, withinRatio(weightAfter, limit), { limit, weightAfter }, () =>
        `weight after ${percent(weightAfter)} > limit ${percent(limit)}`,
      );
    },
  };
}

/**
 * Gross exposure after the order (Σ |shares × last price|, this symbol at the reference price)
 * / equity must be ≤ `limit` (a fraction: 1 = fully invested). Risk-reducing orders always pass.
 */
export function maxGrossExposure(limit: number): RiskRule {
  const name = 'maxGrossExposure';
  positiveLimit(name, limit);
  return {
    name,
    check(p, view) {
      const cur = p.currentPosition;
      const held = cur === 0 ? 0 : Math.abs(cur * view.lastPrice(p.symbolIndex));
      const grossAfter = view.grossExposure - held + Math.abs(p.resultingPosition * p.price);
      const exposureAfter = grossAfter / divisor(view.equity);
      if (isRiskReducing(p)) return pass(name, { exposureAfter, limit, riskReducing: true });
      return judge(name, withinRatio(exposureAfter, limit), { exposureAfter, limit }, () =>
        `gross exposure after ${percent(exposureAfter)} > limit ${percent(limit)}`,
      );
    },
  };
}

/**
 * The order's notional (quantity × reference price, dollars) must be ≤ `limit`: a fat-finger guard.
 * Risk-reducing orders always pass, so a large position can still be closed in one order.
 */
export function maxOrderNotional(limit: number): RiskRule {
  const name = 'maxOrderNotional';
  positiveLimit(name, limit);
  return {
    name,
    check(p) {
      const notional = p.notional;
      if (isRiskReducing(p)) return pass(name, { limit, notional, riskReducing: true });
      return judge(name, notional <= limit, { limit, notional }, () => `order notional ${money(notional)} > limit ${money(limit)}`);
    },
  };
}
