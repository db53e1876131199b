import type { RiskRule } from './risk-rule.ts';
import { isRiskReducing, judge, pass, percent, shares, withinRatio } from './verdict.ts';

/**
 * The symbol's mean daily volume over the trailing `window` bars (from the RiskView) must be ≥
 * `minShares`; unknown (NaN, too little history) fails. Risk-reducing orders always pass.
 */
export function minAverageVolume(minShares: number, window = 20): RiskRule {
  if (!(minShares >= 0) || !Number.isFinite(minShares)) throw new RangeError(`minAverageVolume: minShares must be a finite number >= 0, got ${minShares}`);
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`minAverageVolume: window must be a positive integer of bars, got ${window}`);
  const name = 'minAverageVolume';
  return {
    name,
    check(p, view) {
      const averageDailyVolume = view.averageDailyVolume(p.symbolIndex);
      const compared = { averageDailyVolume, limit: minShares, window };
      if (isRiskReducing(p)) return pass(name, { averageDailyVolume, limit: minShares, riskReducing: true, window });
      return judge(name, averageDailyVolume >= minShares, compared, () =>
        Number.isFinite(averageDailyVolume)
          ? `average daily volume ${shares(averageDailyVolume)} shares < minimum ${shares(minShares)} (${window} bars)`
          : `average daily volume unknown (needs ${window} bars), minimum ${shares(minShares)} shares`,
      );
    },
  };
}

/**
 * Order quantity / the decision bar's volume must be ≤ `limit` (a fraction: 0.01 = 1 %); a bar with
 * no volume fails any non-zero order. Risk-reducing orders always pass.
 */
export function maxParticipation(limit: number): RiskRule {
  if (!(limit > 0 && limit <= 1)) throw new RangeError(`maxParticipation: limit must be a fraction in (0, 1], got ${limit}`);
  const name = 'maxParticipation';
  return {
    name,
    check(p) {
      const { quantity, barVolume } = p;
      const participation = barVolume > 0 ? quantity / barVolume : quantity === 0 ? 0 : Number.POSITIVE_INFINITY;
      const compared = { barVolume, limit, participation, quantity };
      if (isRiskReducing(p)) return pass(name, { ...compared, riskReducing: true });
      return judge(name, withinRatio(participation, limit), compared, () =>
        barVolume > 0
          ? `order of ${shares(quantity)} shares is ${percent(participation)} of the bar's volume ${shares(barVolume)} (limit ${percent(limit)})`
          : `order of ${shares(quantity)} shares against a bar volume of ${shares(barVolume)}`,
      );
    },
  };
}
