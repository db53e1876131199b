import type { Order } from '../domain/order.ts';

/** The prices of one bar an order is matched against. */
export interface BarPrices {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/**
 * FillModel port: the price (before slippage) at which an order trades against one bar, or NaN when it does not.
 * May mark a stop-limit order as triggered (its stop was touched) so later bars treat it as a limit.
 */
export interface FillModel {
  readonly describe: string;
  price(order: Order, bar: BarPrices): number;
}

/**
 * Bar-touch fills: market orders at the open; limits and stops on the first bar that touches their price,
 * at the open when the bar gaps through it (the worse, realistic price).
 */
export const touchFill: FillModel = {
  describe: 'market at open; limit/stop at touch, at open on a gap',
  price(order, bar) {
    const buy = order.side === 'buy';
    switch (order.type) {
      case 'market':
        return bar.open;
      case 'limit':
        return limitPrice(buy, order.limitPrice!, bar.open, bar);
      case 'stop':
        return stopPrice(buy, order.stopPrice!, bar);
      case 'stop_limit': {
        const stop = order.stopPrice!;
        const limit = order.limitPrice!;
        if (order.triggered) return limitPrice(buy, limit, bar.open, bar);
        const trigger = stopPrice(buy, stop, bar);
        if (Number.isNaN(trigger)) return NaN;
        order.triggered = true;
        // After the stop trades at `trigger`, the order rests as a limit from that price on.
        return limitPrice(buy, limit, trigger, bar);
      }
    }
  },
};

/** A limit order first able to trade at `from` (the open, or the stop's trigger price) within the bar. */
function limitPrice(buy: boolean, limit: number, from: number, bar: BarPrices): number {
  if (buy) {
    if (from <= limit) return from;
    return bar.low <= limit ? limit : NaN;
  }
  if (from >= limit) return from;
  return bar.high >= limit ? limit : NaN;
}

function stopPrice(buy: boolean, stop: number, bar: BarPrices): number {
  if (buy) {
    if (bar.open >= stop) return bar.open;
    return bar.high >= stop ? stop : NaN;
  }
  if (bar.open <= stop) return bar.open;
  return bar.low <= stop ? stop : NaN;
}
