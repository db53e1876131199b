// Canonical JSON writers for the payloads the decision pipeline journals on every trade. Each prints its shape's
// keys in sorted order straight to text; payloadJson falls back to the general writer for anything off the shape,
// so the text is always exactly canonicalJson(data) (journal-payloads.test.ts checks that on whole runs).
import { bool, flatRecord, num, numOrNull, offShape, payloadJson, str, strOrNull } from '../journal/json-text.ts';
import type { SignalSize } from '../domain/signal.ts';
import type { RuleVerdict } from '../risk/risk-rule.ts';

/** Objects made outside the pipeline (parsed signals, rule verdicts) must have exactly `keys`, in that order, to take the fast path. */
function exactKeys(o: object, keys: readonly string[]): void {
  let i = 0;
  for (const k in o) if (k !== keys[i++] || !Object.hasOwn(o, k)) offShape();
  if (i !== keys.length) offShape();
}

const SIZE_KEYS = ['kind', 'value'];
function sizeText(s: SignalSize | null): string {
  if (s === null) return 'null';
  exactKeys(s, SIZE_KEYS);
  return `{"kind":${str(s.kind)},"value":${num(s.value)}}`;
}

/** A journalled signal: the parsed Signal, with decisionSeq when a decision caused it. */
export interface SignalPayload {
  readonly action: string;
  readonly confidence: number | null;
  readonly decisionSeq?: number;
  readonly limitPrice: number | null;
  readonly orderType: string;
  readonly rationale: string | null;
  readonly size: SignalSize | null;
  readonly stopLoss: number | null;
  readonly stopPrice: number | null;
  readonly symbol: string;
  readonly takeProfit: number | null;
  readonly timeInForce: string;
}

const SIGNAL_KEYS = ['action', 'confidence', 'limitPrice', 'orderType', 'rationale', 'size', 'stopLoss', 'stopPrice', 'symbol', 'takeProfit', 'timeInForce'];
const CAUSED_SIGNAL_KEYS = ['action', 'confidence', 'decisionSeq', 'limitPrice', 'orderType', 'rationale', 'size', 'stopLoss', 'stopPrice', 'symbol', 'takeProfit', 'timeInForce'];

function writeSignal(s: SignalPayload): string {
  const caused = s.decisionSeq !== undefined;
  exactKeys(s, caused ? CAUSED_SIGNAL_KEYS : SIGNAL_KEYS);
  return (
    `{"action":${str(s.action)},"confidence":${numOrNull(s.confidence)},${caused ? `"decisionSeq":${num(s.decisionSeq!)},` : ''}` +
    `"limitPrice":${numOrNull(s.limitPrice)},"orderType":${str(s.orderType)},"rationale":${strOrNull(s.rationale)},"size":${sizeText(s.size)},` +
    `"stopLoss":${numOrNull(s.stopLoss)},"stopPrice":${numOrNull(s.stopPrice)},"symbol":${str(s.symbol)},"takeProfit":${numOrNull(s.takeProfit)},"timeInForce":${str(s.timeInForce)}}`
  );
}

/** canonicalJson of a signal payload. */
export function signalJson(s: SignalPayload): string {
  return payloadJson(s, writeSignal);
}

/** The risk.verdict payload: the gate's answer and the proposal it judged. */
export interface VerdictPayload {
  readonly approved: boolean;
  readonly proposal: { readonly currentPosition: number; readonly estimatedFee: number; readonly notional: number; readonly price: number | null; readonly quantity: number; readonly resultingPosition: number; readonly side: string };
  readonly reason: string | null;
  readonly signalSeq: number;
  readonly verdicts: readonly RuleVerdict[];
}

const VERDICT_KEYS = ['compared', 'passed', 'reason', 'rule'];

function writeVerdict(d: VerdictPayload): string {
  const p = d.proposal;
  let s =
    `{"approved":${bool(d.approved)},"proposal":{"currentPosition":${num(p.currentPosition)},"estimatedFee":${num(p.estimatedFee)},"notional":${num(p.notional)},` +
    `"price":${numOrNull(p.price)},"quantity":${num(p.quantity)},"resultingPosition":${num(p.resultingPosition)},"side":${str(p.side)}},` +
    `"reason":${strOrNull(d.reason)},"signalSeq":${num(d.signalSeq)},"verdicts":[`;
  const vs = d.verdicts;
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i];
    exactKeys(v, VERDICT_KEYS);
    s += `${i === 0 ? '' : ','}{"compared":${flatRecord(v.compared)},"passed":${bool(v.passed)},"reason":${strOrNull(v.reason)},"rule":${str(v.rule)}}`;
  }
  return `${s}]}`;
}

/** canonicalJson of a risk.verdict payload. */
export function verdictJson(d: VerdictPayload): string {
  return payloadJson(d, writeVerdict);
}

/** The order.submitted payload. */
export interface OrderPayload {
  readonly causeSeq: number | null;
  readonly id: string;
  readonly limitPrice: number | null;
  readonly parentId: string | null;
  readonly seq: number;
  readonly side: string;
  readonly size: SignalSize;
  readonly stopLoss: number | null;
  readonly stopPrice: number | null;
  readonly symbol: string;
  readonly takeProfit: number | null;
  readonly timeInForce: string;
  readonly type: string;
}

function writeOrder(o: OrderPayload): string {
  return (
    `{"causeSeq":${numOrNull(o.causeSeq)},"id":${str(o.id)},"limitPrice":${numOrNull(o.limitPrice)},"parentId":${strOrNull(o.parentId)},"seq":${num(o.seq)},` +
    `"side":${str(o.side)},"size":${sizeText(o.size)},"stopLoss":${numOrNull(o.stopLoss)},"stopPrice":${numOrNull(o.stopPrice)},"symbol":${str(o.symbol)},` +
    `"takeProfit":${numOrNull(o.takeProfit)},"timeInForce":${str(o.timeInForce)},"type":${str(o.type)}}`
  );
}

/** canonicalJson of an order.submitted payload. */
export function orderJson(o: OrderPayload): string {
  return payloadJson(o, writeOrder);
}

/** The fill payload. */
export interface FillPayload {
  readonly fee: number;
  readonly filledQty: number;
  readonly orderId: string;
  readonly orderSeq: number | null;
  readonly price: number;
  readonly qty: number;
  readonly quantity: number | null;
  readonly side: string;
  readonly status: string;
  readonly symbol: string;
  readonly ts: number;
}

function writeFill(f: FillPayload): string {
  return (
    `{"fee":${num(f.fee)},"filledQty":${num(f.filledQty)},"orderId":${str(f.orderId)},"orderSeq":${numOrNull(f.orderSeq)},"price":${num(f.price)},` +
    `"qty":${num(f.qty)},"quantity":${numOrNull(f.quantity)},"side":${str(f.side)},"status":${str(f.status)},"symbol":${str(f.symbol)},"ts":${num(f.ts)}}`
  );
}

/** canonicalJson of a fill payload. */
export function fillJson(f: FillPayload): string {
  return payloadJson(f, writeFill);
}

/** The payload of an order's final state (order.filled, order.cancelled, order.rejected). */
export interface ClosePayload {
  readonly avgFillPrice: number | null;
  readonly filledQty: number;
  readonly orderSeq: number | null;
  readonly reason: string | null;
  readonly status: string;
}

function writeClose(c: ClosePayload): string {
  return `{"avgFillPrice":${numOrNull(c.avgFillPrice)},"filledQty":${num(c.filledQty)},"orderSeq":${numOrNull(c.orderSeq)},"reason":${strOrNull(c.reason)},"status":${str(c.status)}}`;
}

/** canonicalJson of an order's closing payload. */
export function closeJson(c: ClosePayload): string {
  return payloadJson(c, writeClose);
}
