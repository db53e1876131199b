import type { Order } from '../domain/order.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import { type FeeModel, fillFee } from './fee-model.ts';

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Dollars as `10,004.37`, the form rejection reasons use. */
export function formatMoney(x: number): string {
  return money.format(x);
}

/** Whole shares, or millionths of a share when fractional, rounded toward zero. */
export function shareUnits(qty: number, fractional: boolean): number {
  return fractional ? Math.trunc(qty * 1e6) / 1e6 : Math.trunc(qty);
}

/**
 * Shares a target-weight or notional order trades, sized at its first fill against the fill price.
 * Equity is valued with this symbol at the fill price. Returns a reason when there is nothing to trade.
 */
export function sizeOrder(order: Order, price: number, portfolio: Portfolio, fractional: boolean): number | string {
  const size = order.size;
  if (size.kind === 'quantity') return size.value;
  if (size.kind === 'notional') {
    const q = shareUnits(size.value / price, fractional);
    return q > 0 ? q : `notional ${formatMoney(size.value)} buys no ${fractional ? '' : 'whole '}share at ${formatMoney(price)}`;
  }
  const position = portfolio.qty[order.symbolIndex];
  const equity = portfolio.equity() + (position === 0 ? 0 : position * (price - portfolio.lastPrice[order.symbolIndex]));
  const target = shareUnits((size.value * equity) / price, fractional);
  const delta = target - position;
  if (!Number.isFinite(delta) || Math.abs(delta) > Number.MAX_SAFE_INTEGER) return `cannot size target weight ${size.value}: equity ${equity} at price ${price} gives ${target} shares`;
  if (delta === 0) {
    // Flat and still flat: the weight asked for is worth less than one share, which is not "already there".
    if (position === 0 && size.value !== 0) return `target weight ${size.value} of equity ${formatMoney(equity)} buys no ${fractional ? '' : 'whole '}share at ${formatMoney(price)}`;
    return `already at target weight ${size.value} (position ${position})`;
  }
  if (delta > 0 !== (order.side === 'buy')) return `target weight ${size.value} needs a ${delta > 0 ? 'buy' : 'sell'} of ${Math.abs(delta)}, not a ${order.side}`;
  return Math.abs(delta);
}

/**
 * Largest quantity up to `maxQty` whose cost plus fee fits in `cash` (binary search over share units).
 * `order` carries what the order has already filled, so per-order fee minimums are counted once.
 */
export function affordableQuantity(order: Pick<Order, 'filledQty' | 'filledNotional'>, price: number, cash: number, fees: FeeModel, fractional: boolean, maxQty: number): number {
  const unit = fractional ? 1e-6 : 1;
  let lo = 0;
  // Share units stay exact integers only up to 2^53; beyond that the search could not converge.
  let hi = Math.min(Math.floor(maxQty / unit), Number.MAX_SAFE_INTEGER);
  if (!(hi > 0)) return 0;
  const fits = (units: number) => {
    const q = units * unit;
    return q * price + fillFee(fees, order.filledQty, order.filledNotional, q, q * price) <= cash + 1e-9;
  };
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return fractional ? Math.round(lo * unit * 1e6) / 1e6 : lo;
}
