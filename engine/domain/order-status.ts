import type { OrderStatus } from './order.ts';

/** Events in an order's life. */
export type OrderEvent = 'partial_fill' | 'fill' | 'cancel' | 'reject';

// One (status, event) → status table, so an order can never leave a final state or reach two.
const TRANSITIONS: Readonly<Record<OrderStatus, Partial<Record<OrderEvent, OrderStatus>>>> = {
  accepted: { partial_fill: 'partially_filled', fill: 'filled', cancel: 'cancelled', reject: 'rejected' },
  partially_filled: { partial_fill: 'partially_filled', fill: 'filled', cancel: 'cancelled' },
  filled: {},
  cancelled: {},
  rejected: {},
};

/** The status after `event`; throws when the event is not allowed in `status` (a broken invariant). */
export function nextStatus(status: OrderStatus, event: OrderEvent): OrderStatus {
  const next = TRANSITIONS[status][event];
  if (next === undefined) throw new Error(`order in status ${status} cannot take event ${event}`);
  return next;
}
