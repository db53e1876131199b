import { cashSufficiency } from './cash.ts';
import { dailyLossLimit, drawdownHalt } from './drawdown.ts';
import { maxGrossExposure, maxOrderNotional, maxPositionWeight } from './exposure.ts';
import { maxParticipation, minAverageVolume } from './liquidity.ts';
import { makeProposal, makeView, riskRuleContract } from './risk-rule.contract.ts';
import { shortMargin, shortingAllowed } from './shorting.ts';
import { symbolInUniverse, tradingHalted } from './universe.ts';

// Every rule, configured both permissively and strictly, so passing and failing verdicts meet the contract.
riskRuleContract('symbolInUniverse', () => symbolInUniverse());
riskRuleContract('tradingHalted(false)', () => tradingHalted(false));
riskRuleContract('tradingHalted(true)', () => tradingHalted(true));
riskRuleContract('cashSufficiency', () => cashSufficiency(), [
  { name: 'fee tips it over', proposal: makeProposal({ price: 10.9, quantity: 916, estimatedFee: 19.9688 }), view: makeView() },
]);
riskRuleContract('shortingAllowed(true)', () => shortingAllowed(true));
riskRuleContract('shortingAllowed(false)', () => shortingAllowed(false));
riskRuleContract('shortMargin(0.5)', () => shortMargin(0.5));
riskRuleContract('shortMargin(1.5)', () => shortMargin(1.5), [
  { name: 'big short', proposal: makeProposal({ side: 'sell', quantity: 2_000 }), view: makeView() },
]);
riskRuleContract('maxPositionWeight(0.5)', () => maxPositionWeight(0.5));
riskRuleContract('maxPositionWeight(0.01)', () => maxPositionWeight(0.01));
riskRuleContract('maxGrossExposure(1)', () => maxGrossExposure(1));
riskRuleContract('maxGrossExposure(0.05)', () => maxGrossExposure(0.05));
riskRuleContract('maxOrderNotional(500)', () => maxOrderNotional(500));
riskRuleContract('drawdownHalt(0.2)', () => drawdownHalt(0.2));
riskRuleContract('dailyLossLimit(0.03)', () => dailyLossLimit(0.03));
riskRuleContract('minAverageVolume(100000, 20)', () => minAverageVolume(100_000, 20));
riskRuleContract('maxParticipation(0.01)', () => maxParticipation(0.01));
riskRuleContract('maxParticipation(0.00001)', () => maxParticipation(0.00001));
