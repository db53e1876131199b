import type { OrderType, TimeInForce, SignalSize } from './signal.ts';

export type Side = 'buy' | 'sell';

/** Final states are filled, cancelled and rejected; every order reaches exactly one, with a reason. */
export type OrderStatus = 'accepted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected']);

/** An approved intent handed to a broker. */
export interface OrderRequest {
  readonly symbol: string;
  readonly side: Side;
  /** Quantity, target weight or notional; non-quantity sizes are turned into shares at fill time against the fill price. */
  readonly size: SignalSize;
  readonly type: OrderType;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly timeInForce: TimeInForce;
  readonly stopLoss: number | null;
  readonly takeProfit: number | null;
  /** Journal entry (the decision) that caused this order, for tracing. */
  readonly causeSeq?: number | null;
}

export interface Order extends OrderRequest {
  /** Deterministic client order id: `${runId}-${seq}`, so a retry never doubles an order. */
  readonly id: string;
  readonly seq: number;
  /** Index of the symbol in the run's universe. */
  readonly symbolIndex: number;
  readonly createdTs: number;
  /** The order is matched only against bars with ts greater than this (its decision bar, or just before a bar it may still trade in). */
  activeAfter: number;
  /** Id of the entry order this order protects (bracket child); null otherwise. */
  readonly parentId: string | null;
  status: OrderStatus;
  /** Shares to fill once sized (null until a non-quantity size is sized at its first fill). */
  quantity: number | null;
  filledQty: number;
  /** Dollars traded so far (sum of qty × price), for the average fill price and per-order fee minimums. */
  filledNotional: number;
  avgFillPrice: number;
  /** Stop-limit orders: whether the stop has been touched. */
  triggered: boolean;
  /** Trading date (UTC ms at 00:00 of the New York date) a day order is good for; set at first evaluation. */
  sessionDate: number | null;
  reason: string | null;
  closedTs: number | null;
}

export interface Fill {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly ts: number;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
}

/** A finished long or short round trip: from flat back to flat. */
export interface RoundTrip {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  /** Largest absolute position held during the trip. */
  readonly qty: number;
  readonly entryTs: number;
  /** Volume-weighted average entry price. */
  readonly entryPrice: number;
  readonly exitTs: number;
  /** Volume-weighted average exit price. */
  readonly exitPrice: number;
  /** Net of fees. */
  readonly pnl: number;
  readonly fees: number;
}
