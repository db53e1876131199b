import type { Broker, BrokerListener } from '../broker/broker.ts';
import type { FeeModel } from '../broker/fee-model.ts';
import type { Slice } from '../domain/bar.ts';
import type { Fill, Order, OrderRequest } from '../domain/order.ts';
import { bracketIssue, SignalSchema, type Signal, type SignalInput } from '../domain/signal.ts';
import type { Journal } from '../journal/journal.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import type { CausedSignal, Decision, StrategyContext } from '../strategy/strategy.ts';
import type { AccountState } from './account-state.ts';
import type { RiskGate } from './engine.ts';
import { closeJson, fillJson, orderJson, signalJson, verdictJson } from './journal-payloads.ts';
import { proposeSignal } from './proposal.ts';

/** Tallies of one run's decisions and orders. */
export interface RunCounts {
  /** Decisions journalled by the strategy (e.g. questions put to a model). */
  decisions: number;
  signals: number;
  holds: number;
  invalid: number;
  approved: number;
  riskRejected: number;
  orders: number;
  filled: number;
  cancelled: number;
  brokerRejected: number;
  fills: number;
}

/** A signal or order that did not trade, with the stage that stopped it and why. */
export interface Rejection {
  readonly ts: number;
  readonly symbol: string;
  readonly stage: 'parse' | 'risk' | 'broker';
  readonly reason: string;
  readonly orderId: string | null;
}

interface PipelineDeps {
  readonly runId: string;
  readonly actor: string;
  readonly journal: Journal;
  readonly risk: RiskGate;
  readonly fees: FeeModel;
  readonly fractional: boolean;
  readonly clipToCash: boolean;
  readonly portfolio: Portfolio;
  readonly account: AccountState;
}

/** Signal → zod parse → proposal → risk gate → broker, journalling each step; and the broker's events back into the journal. */
export class DecisionPipeline {
  readonly counts: RunCounts = { decisions: 0, signals: 0, holds: 0, invalid: 0, approved: 0, riskRejected: 0, orders: 0, filled: 0, cancelled: 0, brokerRejected: 0, fills: 0 };
  readonly rejections: Rejection[] = [];
  readonly fills: Fill[] = [];
  private readonly failedRules = new Map<string, number>();
  private broker!: Broker;
  private readonly index: Map<string, number>;
  // Journal sequence of each order's submission, so fills and closes point back at it.
  private readonly orderSeq = new Map<string, number>();

  constructor(private readonly d: PipelineDeps) {
    this.index = new Map(d.portfolio.universe.map((s, i) => [s, i]));
  }

  attach(broker: Broker): void {
    this.broker = broker;
  }

  context(barsSeen: Int32Array, warmup: number, random: () => number): StrategyContext {
    const { portfolio, account, journal, runId, actor } = this.d;
    const index = this.index;
    const self = this;
    const counts = this.counts;
    return {
      universe: portfolio.universe,
      symbolIndex: (symbol) => index.get(symbol) ?? -1,
      barsSeen: (i) => barsSeen[i],
      isWarm: (i) => barsSeen[i] >= warmup,
      position: (i) => portfolio.qty[i],
      hasOpenOrder: (i) => self.broker.hasOpenOrder(i),
      get cash() {
        return portfolio.cash;
      },
      get equity() {
        return portfolio.equity();
      },
      random,
      get now() {
        return account.now;
      },
      recordDecision(symbol, data) {
        counts.decisions++;
        return journal.append({ runId, kind: 'decision', actor, ts: account.now, symbol, orderId: null, data: safeJson(data) });
      },
    };
  }

  handle(items: NonNullable<Decision>, slice: Slice): void {
    for (const item of items) {
      if (isCaused(item)) this.handleOne(item.signal, slice, item.causeSeq, item.invalid);
      else this.handleOne(item, slice, null, undefined);
    }
  }

  private handleOne(input: unknown, slice: Slice, decisionSeq: number | null, invalid: string | undefined): void {
    const { journal, runId, actor } = this.d;
    const parsed = invalid === undefined ? SignalSchema.safeParse(input) : null;
    const symbol = typeof (input as SignalInput | null)?.symbol === 'string' ? (input as SignalInput).symbol : null;
    if (parsed === null || !parsed.success) {
      this.refuse(input, symbol, slice, decisionSeq, parsed === null ? invalid! : parsed.error.issues.map((i) => `${i.path.join('.') || '(signal)'}: ${i.message}`).join('; '));
      return;
    }
    const signal = parsed.data;
    if (signal.action === 'HOLD') {
      this.counts.holds++;
      return;
    }
    // A market entry's bracket is held to the close it is decided at (the schema cannot know it): a buy's stop-loss
    // above that close would sell on the next bar whatever happened.
    if (signal.orderType === 'market' && (signal.stopLoss !== null || signal.takeProfit !== null)) {
      const at = this.index.get(signal.symbol);
      const close = at === undefined ? Number.NaN : this.d.portfolio.lastPrice[at];
      const issue = Number.isFinite(close) ? bracketIssue(signal.action === 'BUY' ? 'buy' : 'sell', { type: 'market', limitPrice: null, stopPrice: null }, signal.stopLoss, signal.takeProfit, close) : null;
      if (issue !== null) {
        this.refuse(input, symbol, slice, decisionSeq, `${issue.field}: expected ${issue.expected}, got ${signal[issue.field]}`);
        return;
      }
    }
    this.counts.signals++;
    const signalData = decisionSeq === null ? signal : withDecision(signal, decisionSeq);
    const signalSeq = journal.append({ runId, kind: 'signal', actor, ts: slice.ts, symbol: signal.symbol, orderId: null, data: signalData, dataJson: signalJson(signalData) });
    const symbolIndex = this.index.get(signal.symbol) ?? -1;
    const proposal = proposeSignal(signal, symbolIndex, this.d.portfolio, this.d.fees, this.d.fractional, barVolume(slice, symbolIndex), this.d.clipToCash);
    let decision;
    try {
      decision = this.d.risk.evaluate(proposal, this.d.account);
    } catch (err) {
      decision = { approved: false, verdicts: [], reason: `risk gate failed: ${(err as Error).message}` };
    }
    const verdict = {
      approved: decision.approved,
      proposal: { currentPosition: proposal.currentPosition, estimatedFee: proposal.estimatedFee, notional: proposal.notional, price: finiteOrNull(proposal.price), quantity: proposal.quantity, resultingPosition: proposal.resultingPosition, side: proposal.side },
      reason: decision.reason,
      signalSeq,
      verdicts: decision.verdicts,
    };
    const verdictSeq = journal.append({ runId, kind: 'risk.verdict', actor: 'risk', ts: slice.ts, symbol: signal.symbol, orderId: null, data: verdict, dataJson: verdictJson(verdict) });
    if (!decision.approved) {
      this.counts.riskRejected++;
      this.countFailedRules(decision.verdicts);
      this.rejections.push({ ts: slice.ts, symbol: signal.symbol, stage: 'risk', reason: decision.reason ?? 'rejected', orderId: null });
      return;
    }
    this.counts.approved++;
    const request: OrderRequest = {
      symbol: signal.symbol,
      side: proposal.side,
      size: signal.size!,
      type: signal.orderType,
      limitPrice: signal.limitPrice,
      stopPrice: signal.stopPrice,
      timeInForce: signal.timeInForce,
      stopLoss: signal.stopLoss,
      takeProfit: signal.takeProfit,
      causeSeq: verdictSeq,
    };
    this.broker.submit(request, slice);
  }

  /** An answer that cannot be traded becomes HOLD, journalled with why. */
  private refuse(input: unknown, symbol: string | null, slice: Slice, decisionSeq: number | null, reason: string): void {
    const { journal, runId, actor } = this.d;
    this.counts.invalid++;
    journal.append({ runId, kind: 'signal.invalid', actor, ts: slice.ts, symbol, orderId: null, data: { decisionSeq, input: safeJson(input), issues: reason, outcome: 'HOLD', reason: 'invalid_output' } });
    this.rejections.push({ ts: slice.ts, symbol: symbol ?? '', stage: 'parse', reason: `invalid_output: ${reason}`, orderId: null });
  }

  /** Rejections by failing rule name, names in sorted order; a gate that threw before judging counts as `riskGate`. */
  riskRejectionsByRule(): Record<string, number> {
    return Object.fromEntries([...this.failedRules].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  private countFailedRules(verdicts: readonly { readonly rule: string; readonly passed: boolean }[]): void {
    let any = false;
    for (const v of verdicts) {
      if (v.passed) continue;
      any = true;
      this.failedRules.set(v.rule, (this.failedRules.get(v.rule) ?? 0) + 1);
    }
    if (!any) this.failedRules.set('riskGate', (this.failedRules.get('riskGate') ?? 0) + 1);
  }

  readonly brokerListener: BrokerListener = {
    onAccepted: (order) => {
      const parentSeq = order.parentId === null ? null : (this.orderSeq.get(order.parentId) ?? null);
      this.recordSubmit(order, order.causeSeq ?? parentSeq);
    },
    onFill: (fill, order) => {
      this.counts.fills++;
      this.fills.push(fill);
      const data = { fee: fill.fee, filledQty: order.filledQty, orderId: fill.orderId, orderSeq: this.orderSeq.get(order.id) ?? null, price: fill.price, qty: fill.qty, quantity: order.quantity, side: fill.side, status: order.status, symbol: fill.symbol, ts: fill.ts };
      this.d.journal.append({ runId: this.d.runId, kind: 'fill', actor: 'broker', ts: fill.ts, symbol: fill.symbol, orderId: fill.orderId, data, dataJson: fillJson(data) });
    },
    onClosed: (order) => this.recordClose(order),
  };

  private recordSubmit(order: Order, causeSeq: number | null): void {
    this.counts.orders++;
    const actor = order.parentId !== null || order.causeSeq === null ? 'broker' : 'engine';
    const data = orderSummary(order, causeSeq);
    const seq = this.d.journal.append({ runId: this.d.runId, kind: 'order.submitted', actor, ts: order.createdTs, symbol: order.symbol, orderId: order.id, data, dataJson: orderJson(data) });
    this.orderSeq.set(order.id, seq);
  }

  private recordClose(order: Order): void {
    const kind = order.status === 'filled' ? 'order.filled' : order.status === 'rejected' ? 'order.rejected' : 'order.cancelled';
    if (order.status === 'filled') this.counts.filled++;
    else if (order.status === 'rejected') this.counts.brokerRejected++;
    else this.counts.cancelled++;
    if (order.status === 'rejected') this.rejections.push({ ts: order.closedTs ?? order.createdTs, symbol: order.symbol, stage: 'broker', reason: order.reason ?? 'rejected', orderId: order.id });
    const data = { avgFillPrice: order.filledQty > 0 ? Math.round(order.avgFillPrice * 1e6) / 1e6 : null, filledQty: order.filledQty, orderSeq: this.orderSeq.get(order.id) ?? null, reason: order.reason, status: order.status };
    this.d.journal.append({ runId: this.d.runId, kind, actor: 'broker', ts: order.closedTs, symbol: order.symbol, orderId: order.id, data, dataJson: closeJson(data) });
  }

}

function orderSummary(o: Order, causeSeq: number | null) {
  return { causeSeq, id: o.id, limitPrice: o.limitPrice, parentId: o.parentId, seq: o.seq, side: o.side, size: o.size, stopLoss: o.stopLoss, stopPrice: o.stopPrice, symbol: o.symbol, takeProfit: o.takeProfit, timeInForce: o.timeInForce, type: o.type };
}

function isCaused(item: SignalInput | CausedSignal): item is CausedSignal {
  // A SignalInput never has causeSeq (the signal schema is strict), so the key tells them apart.
  return (item as CausedSignal).causeSeq !== undefined;
}

/** The signal's journal payload with the decision that caused it, keys still in sorted order (canonical JSON). */
function withDecision(s: Signal, decisionSeq: number) {
  return { action: s.action, confidence: s.confidence, decisionSeq, limitPrice: s.limitPrice, orderType: s.orderType, rationale: s.rationale, size: s.size, stopLoss: s.stopLoss, stopPrice: s.stopPrice, symbol: s.symbol, takeProfit: s.takeProfit, timeInForce: s.timeInForce };
}

function barVolume(slice: Slice, symbolIndex: number): number {
  for (let r = slice.start; r < slice.end; r++) if (slice.batch.symbol[r] === symbolIndex) return slice.batch.volume[r];
  return 0;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** A strategy's raw output made safe to journal (no undefined, no non-finite numbers). */
function safeJson(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? 'null');
  } catch {
    return String(value);
  }
}
