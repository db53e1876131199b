// The risk gate: the RiskRule port, the rules, the limits that configure them and the RiskManager.
export type { Proposal, RiskView, RuleVerdict, RiskRule, RiskDecision } from './risk-rule.ts';
export { RiskLimitsSchema, parseRiskLimits, DEFAULT_RISK_LIMITS, RISK_LIMIT_KEYS, type RiskLimits, type RiskLimitsInput } from './limits.ts';
export { createRiskManager, rulesFromLimits, type RiskManager } from './risk-manager.ts';
export { symbolInUniverse, tradingHalted } from './universe.ts';
export { cashSufficiency } from './cash.ts';
export { shortingAllowed, shortMargin } from './shorting.ts';
export { maxPositionWeight, maxGrossExposure, maxOrderNotional } from './exposure.ts';
export { drawdownHalt, dailyLossLimit } from './drawdown.ts';
export { minAverageVolume, maxParticipation } from './liquidity.ts';
export { isRiskReducing } from './verdict.ts';
