import type { Side } from '../domain/order.ts';
import type { Signal } from '../domain/signal.ts';

/** A parsed BUY/SELL signal with the engine's estimate of what it would do at the decision bar's close. */
export interface Proposal {
  readonly signal: Signal;
  /** Index in the run's universe, -1 when the symbol is not in it. */
  readonly symbolIndex: number;
  readonly side: Side;
  /** Reference price: the decision bar's close (NaN when the symbol has no price yet). */
  readonly price: number;
  /** Estimated shares the order moves, always >= 0. */
  readonly quantity: number;
  /** quantity × price. */
  readonly notional: number;
  /** Fee the fee model charges for quantity at price. */
  readonly estimatedFee: number;
  /** Signed shares held now and after the order. */
  readonly currentPosition: number;
  readonly resultingPosition: number;
  /** Volume of the decision bar (0 when the symbol has no bar in this slice). */
  readonly barVolume: number;
}

/** Point-in-time account state the rules judge against. */
export interface RiskView {
  readonly universe: readonly string[];
  readonly cash: number;
  readonly equity: number;
  /** Highest equity seen so far in the run, seeded with the starting cash. */
  readonly highWaterMark: number;
  /** Deepest fall below the high-water mark at any close so far, a fraction ≥ 0 (0.25 = 25 %): lets a drawdown halt latch. */
  readonly worstDrawdown: number;
  /** Equity at the close of the previous trading day (starting cash on the first day). */
  readonly dayStartEquity: number;
  /** Sum of |shares × last price| over all positions. */
  readonly grossExposure: number;
  position(symbolIndex: number): number;
  lastPrice(symbolIndex: number): number;
  /** Mean daily volume over the trailing window the limits name, NaN until known. */
  averageDailyVolume(symbolIndex: number): number;
}

/** One rule's judgement: its name, the numbers it compared and the outcome. */
export interface RuleVerdict {
  readonly rule: string;
  readonly passed: boolean;
  readonly compared: Readonly<Record<string, number | string | boolean | null>>;
  /** Why it failed (null when it passed). */
  readonly reason: string | null;
}

/** RiskRule port: pure and deterministic. A rule that throws rejects the signal. */
export interface RiskRule {
  readonly name: string;
  check(proposal: Proposal, view: RiskView): RuleVerdict;
}

/** The RiskManager's answer for one proposal: approved only if every rule passed. */
export interface RiskDecision {
  readonly approved: boolean;
  readonly verdicts: readonly RuleVerdict[];
  /** First failing rule's reason, null when approved. */
  readonly reason: string | null;
}
