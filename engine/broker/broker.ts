import type { Slice } from '../domain/bar.ts';
import type { Fill, Order, OrderRequest } from '../domain/order.ts';

/** What a broker tells the engine as orders live and die. Called synchronously, in order. */
export interface BrokerListener {
  /** The broker took an order (from submit, a bracket's protective child, or a liquidation), before any fill. */
  onAccepted(order: Order): void;
  onFill(fill: Fill, order: Order): void;
  /** The order reached a final state (filled, cancelled or rejected) with its reason. */
  onClosed(order: Order): void;
}

/**
 * Broker port. The simulated broker matches orders against bars; paper and live brokers send them on.
 * The engine calls submit at a slice's close and process at each new slice, whichever broker it has.
 */
export interface Broker {
  /** Accepts (or rejects, with a reason) an approved intent decided at the close of `slice`. */
  submit(request: OrderRequest, slice: Slice): Order;
  /** Matches open orders against the bars of a new slice (before the strategy sees it). */
  process(slice: Slice): void;
  /** Closes out a position at the latest price (end of run with close-at-end). */
  liquidate(symbolIndex: number, slice: Slice, reason: string): void;
  cancel(orderId: string, reason: string, ts: number): void;
  cancelAll(reason: string, ts: number): void;
  openOrders(): readonly Order[];
  hasOpenOrder(symbolIndex: number): boolean;
  /** Every order the broker has seen, in submission order. */
  allOrders(): readonly Order[];
}
