import type { RiskRule } from './risk-rule.ts';
import { belowRatio, isRiskReducing, judge, money, pass, percent } from './verdict.ts';

function fractionLimit(rule: string, limit: number): void {
  if (!(limit > 0 && limit <= 1)) throw new RangeError(`${rule}: limit must be a fraction in (0, 1], got ${limit}`);
}

/** 1 − equity / reference; NaN when the reference is not positive (fails closed). */
function lossFrom(reference: number, equity: number): number {
  return reference > 0 ? 1 - equity / reference : Number.NaN;
}

/**
 * Halts new risk once equity has fallen `limit` (a fraction: 0.2 = 20 %) or more below the high-water
 * mark, and keeps it halted for the rest of the run (latched on the deepest drawdown seen), as a
 * circuit breaker should. Risk-reducing orders always pass, so positions can be exited.
 */
export function drawdownHalt(limit: number): RiskRule {
  const name = 'drawdownHalt';
  fractionLimit(name, limit);
  return {
    name,
    check(p, view) {
      const belowHighWater = lossFrom(view.highWaterMark, view.equity);
      const worst = Math.max(view.worstDrawdown, belowHighWater);
      const compared = { belowHighWater, equity: view.equity, highWaterMark: view.highWaterMark, limit, worstDrawdown: worst };
      if (isRiskReducing(p)) return pass(name, { belowHighWater, equity: view.equity, highWaterMark: view.highWaterMark, limit, riskReducing: true, worstDrawdown: worst });
      return judge(name, belowRatio(worst, limit), compared, () =>
        belowRatio(belowHighWater, limit)
          ? `the drawdown reached ${percent(worst)} earlier in the run (limit ${percent(limit)}): new risk stays halted`
          : `equity ${money(view.equity)} is ${percent(belowHighWater)} below the high-water mark ${money(view.highWaterMark)} (limit ${percent(limit)}): new risk halted`,
      );
    },
  };
}

/**
 * Halts new risk for the day while equity is `limit` (a fraction of dayStartEquity) or more below
 * the day's starting equity. Risk-reducing orders always pass.
 */
export function dailyLossLimit(limit: number): RiskRule {
  const name = 'dailyLossLimit';
  fractionLimit(name, limit);
  return {
    name,
    check(p, view) {
      const dayLoss = lossFrom(view.dayStartEquity, view.equity);
      const compared = { dayLoss, dayStartEquity: view.dayStartEquity, equity: view.equity, limit };
      if (isRiskReducing(p)) return pass(name, { ...compared, riskReducing: true });
      return judge(name, belowRatio(dayLoss, limit), compared, () =>
        `equity ${money(view.equity)} is ${percent(dayLoss)} below the day's start ${money(view.dayStartEquity)} (limit ${percent(limit)}): new risk halted for the day`,
      );
    },
  };
}
