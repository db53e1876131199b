import { RiskLimitsSchema, type RiskLimitsInput } from './limits.ts';
import type { Proposal, RiskDecision, RiskRule, RiskView, RuleVerdict } from './risk-rule.ts';
import { cashSufficiency } from './cash.ts';
import { dailyLossLimit, drawdownHalt } from './drawdown.ts';
import { maxGrossExposure, maxOrderNotional, maxPositionWeight } from './exposure.ts';
import { maxParticipation, minAverageVolume } from './liquidity.ts';
import { shortMargin, shortingAllowed } from './shorting.ts';
import { symbolInUniverse, tradingHalted } from './universe.ts';
import { cleanCompared } from './verdict.ts';

/** The deterministic, fail-closed risk gate: every rule judges every proposal. */
export interface RiskManager {
  /** The rules, in evaluation order. */
  readonly rules: readonly RiskRule[];
  /** Runs every rule in order; approved only if all pass. A rule that throws or answers malformed fails. */
  evaluate(proposal: Proposal, view: RiskView): RiskDecision;
}

/**
 * The rules for a set of limits, in the fixed evaluation order: the always-on rules (tradingHalted,
 * symbolInUniverse, shortingAllowed, cashSufficiency, shortMargin), then each configured (non-null) limit:
 * maxOrderNotional, maxPositionWeight, maxGrossExposure, drawdownHalt, dailyLossLimit, minAverageVolume,
 * maxParticipation. Throws a zod error when the limits are invalid.
 */
export function rulesFromLimits(input: RiskLimitsInput): RiskRule[] {
  const l = RiskLimitsSchema.parse(input);
  const rules: RiskRule[] = [
    tradingHalted(l.tradingHalted),
    symbolInUniverse(),
    shortingAllowed(l.allowShort),
    cashSufficiency(),
    shortMargin(l.shortMarginRate),
  ];
  if (l.maxOrderNotional !== null) rules.push(maxOrderNotional(l.maxOrderNotional));
  if (l.maxPositionWeight !== null) rules.push(maxPositionWeight(l.maxPositionWeight));
  if (l.maxGrossExposure !== null) rules.push(maxGrossExposure(l.maxGrossExposure));
  if (l.maxDrawdown !== null) rules.push(drawdownHalt(l.maxDrawdown));
  if (l.dailyLossLimit !== null) rules.push(dailyLossLimit(l.dailyLossLimit));
  if (l.minAverageDailyVolume !== null) rules.push(minAverageVolume(l.minAverageDailyVolume, l.averageVolumeWindow));
  if (l.maxParticipation !== null) rules.push(maxParticipation(l.maxParticipation));
  return rules;
}

/**
 * A RiskManager from limits (see {@link rulesFromLimits}) or from an explicit rule list, kept in the
 * given order. Rule names must be unique (verdicts are read by name in the journal).
 */
export function createRiskManager(config: RiskLimitsInput | readonly RiskRule[]): RiskManager {
  const rules: readonly RiskRule[] = Object.freeze(Array.isArray(config) ? [...config] : rulesFromLimits(config as RiskLimitsInput));
  const names = rules.map((r) => r.name);
  names.forEach((n, i) => {
    if (typeof n !== 'string' || n === '') throw new Error(`risk rule ${i} has no name`);
    if (names.indexOf(n) !== i) throw new Error(`risk rule name "${n}" appears twice`);
  });
  return {
    rules,
    evaluate(proposal, view) {
      const verdicts = rules.map((rule, i) => judgeSafely(rule, names[i], proposal, view));
      const failed = verdicts.find((v) => !v.passed);
      return { approved: failed === undefined, verdicts, reason: failed === undefined ? null : failed.reason };
    },
  };
}

function judgeSafely(rule: RiskRule, name: string, proposal: Proposal, view: RiskView): RuleVerdict {
  let v: RuleVerdict;
  try {
    v = rule.check(proposal, view);
  } catch (err) {
    return { compared: {}, passed: false, reason: `rule threw: ${err instanceof Error ? err.message : String(err)}`, rule: name };
  }
  const wellFormed =
    typeof v === 'object' && v !== null && v.rule === name && typeof v.compared === 'object' && v.compared !== null &&
    (v.passed === true ? v.reason === null : v.passed === false && typeof v.reason === 'string' && v.reason !== '');
  if (!wellFormed) return { compared: {}, passed: false, reason: 'rule returned a malformed verdict', rule: name };
  // A fresh object of exactly these keys in sorted order: the journal prints it on its fast path (the built-in rules
  // list their compared values in sorted order too; a rule that does not is printed by the general writer).
  return { compared: cleanCompared(v.compared), passed: v.passed, reason: v.reason, rule: name };
}
