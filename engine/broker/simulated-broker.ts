import type { Slice } from '../domain/bar.ts';
import type { Fill, Order, OrderRequest, Side } from '../domain/order.ts';
import { FINAL_STATUSES } from '../domain/order.ts';
import { nextStatus } from '../domain/order-status.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import type { Broker, BrokerListener } from './broker.ts';
import { type FeeModel, fillFee } from './fee-model.ts';
import { type BarPrices, type FillModel, touchFill } from './fill-model.ts';
import type { SlippageModel } from './slippage-model.ts';
import { sizeOrder, affordableQuantity, formatMoney } from './sizing.ts';

/** Reality models and conventions of the simulated broker. */
export interface SimulatedBrokerOptions {
  readonly runId: string;
  readonly portfolio: Portfolio;
  readonly fees: FeeModel;
  readonly slippage: SlippageModel;
  readonly fill?: FillModel;
  /** `close`: market orders fill at the close of the bar they were decided on; `next-open`: at the next bar's open. */
  readonly fillTiming: 'next-open' | 'close';
  /** Largest share of a bar's volume one order may take, in percent; null = no cap. */
  readonly maxVolumePct: number | null;
  readonly fractional: boolean;
  /** A quantity order that cannot be afforded is cut to what cash allows instead of rejected. */
  readonly clipToCash?: boolean;
  /** The trading date (UTC ms at 00:00) of a bar timestamp, for day orders. */
  readonly tradingDate: (ts: number) => number;
  readonly listener: BrokerListener;
}

/** Matches orders against bars with fill, fee and slippage models. The backtest broker, and paper trading's local broker. */
export class SimulatedBroker implements Broker {
  private readonly orders: Order[] = [];
  private open: Order[] = [];
  private seq = 0;
  private readonly fill: FillModel;
  private readonly rowOf: Int32Array;
  private readonly bar = { open: 0, high: 0, low: 0, close: 0 };

  constructor(private readonly o: SimulatedBrokerOptions) {
    this.fill = o.fill ?? touchFill;
    this.rowOf = new Int32Array(o.portfolio.universe.length).fill(-1);
  }

  submit(request: OrderRequest, slice: Slice): Order {
    const order = this.create(request, slice.ts, null);
    const problem = this.validate(order);
    if (problem) {
      this.close(order, 'reject', problem, slice.ts);
      return order;
    }
    this.open.push(order);
    if (this.o.fillTiming === 'close' && order.type === 'market') {
      const row = this.findRow(slice, order.symbolIndex);
      if (row >= 0) this.tryFill(order, slice.batch.close[row], this.barAt(slice, row), slice.batch.volume[row], slice.ts, false);
      this.prune();
    }
    return order;
  }

  process(slice: Slice): void {
    if (this.open.length === 0) return;
    const { symbol } = slice.batch;
    for (let r = slice.start; r < slice.end; r++) this.rowOf[symbol[r]] = r;
    // The orders open when the slice arrived, then the bracket children their fills added (appended past them):
    // an entry filled at the open leaves the rest of that bar to its stop-loss and take-profit (activeAfter < ts),
    // one filled later is protected from the next bar. Closed orders leave the list only in prune(), after the loop.
    const open = this.open;
    for (let k = 0; k < open.length; k++) {
      const order = open[k];
      if (FINAL_STATUSES.has(order.status) || order.activeAfter >= slice.ts) continue;
      const row = this.rowOf[order.symbolIndex];
      if (row < 0) continue; // no bar for the symbol at this time: not tradable
      if (order.timeInForce === 'day') {
        const day = this.o.tradingDate(slice.ts);
        if (order.sessionDate === null) order.sessionDate = day;
        else if (day !== order.sessionDate) {
          this.close(order, 'cancel', 'day order expired unfilled', slice.ts);
          continue;
        }
      }
      const bar = this.barAt(slice, row);
      const raw = this.fill.price(order, bar);
      if (!Number.isNaN(raw)) this.tryFill(order, raw, bar, slice.batch.volume[row], slice.ts, raw === bar.open);
    }
    for (let r = slice.start; r < slice.end; r++) this.rowOf[symbol[r]] = -1;
    this.prune();
  }

  liquidate(symbolIndex: number, slice: Slice, reason: string): void {
    const position = this.o.portfolio.qty[symbolIndex];
    if (position === 0) return;
    const side: Side = position > 0 ? 'sell' : 'buy';
    const order = this.create(
      { causeSeq: null, symbol: this.o.portfolio.universe[symbolIndex], side, size: { kind: 'quantity', value: Math.abs(position) }, type: 'market', limitPrice: null, stopPrice: null, timeInForce: 'gtc', stopLoss: null, takeProfit: null },
      slice.ts,
      null,
    );
    const price = this.o.portfolio.lastPrice[symbolIndex];
    const row = this.findRow(slice, symbolIndex);
    const bar = row >= 0 ? this.barAt(slice, row) : { open: price, high: price, low: price, close: price };
    this.open.push(order);
    this.tryFill(order, price, bar, Infinity, slice.ts, false);
    this.prune();
  }

  cancel(orderId: string, reason: string, ts: number): void {
    const order = this.open.find((o) => o.id === orderId);
    if (order && !FINAL_STATUSES.has(order.status)) this.close(order, 'cancel', reason, ts);
    this.prune();
  }

  cancelAll(reason: string, ts: number): void {
    for (const order of this.open) if (!FINAL_STATUSES.has(order.status)) this.close(order, 'cancel', reason, ts);
    this.prune();
  }

  openOrders(): readonly Order[] {
    return this.open;
  }

  hasOpenOrder(symbolIndex: number): boolean {
    for (const o of this.open) if (o.symbolIndex === symbolIndex) return true;
    return false;
  }

  allOrders(): readonly Order[] {
    return this.orders;
  }

  private create(request: OrderRequest, ts: number, parentId: string | null): Order {
    const seq = ++this.seq;
    // Explicit fields, not a spread: V8 builds spread-then-extend objects very slowly when many are kept.
    const order: Order = {
      symbol: request.symbol,
      side: request.side,
      size: request.size,
      type: request.type,
      limitPrice: request.limitPrice,
      stopPrice: request.stopPrice,
      timeInForce: request.timeInForce,
      stopLoss: request.stopLoss,
      takeProfit: request.takeProfit,
      causeSeq: request.causeSeq ?? null,
      id: `${this.o.runId}-${seq}`,
      seq,
      symbolIndex: this.o.portfolio.universe.indexOf(request.symbol),
      createdTs: ts,
      activeAfter: ts,
      parentId,
      status: 'accepted',
      quantity: request.size.kind === 'quantity' ? request.size.value : null,
      filledQty: 0,
      filledNotional: 0,
      avgFillPrice: 0,
      triggered: false,
      sessionDate: null,
      reason: null,
      closedTs: null,
    };
    this.orders.push(order);
    this.o.listener.onAccepted(order);
    return order;
  }

  private validate(order: Order): string | null {
    if (order.symbolIndex < 0) return `symbol ${order.symbol} is not in the run's universe`;
    if (order.quantity !== null && !this.o.fractional && !Number.isInteger(order.quantity))
      return `quantity ${order.quantity} is fractional; whole shares only unless fractional trading is enabled`;
    return null;
  }

  private tryFill(order: Order, rawPrice: number, bar: BarPrices, volume: number, ts: number, atOpen: boolean): void {
    const { portfolio } = this.o;
    const price = this.fillPrice(order, rawPrice, bar);
    if (order.quantity === null) {
      const sized = sizeOrder(order, price, portfolio, this.o.fractional);
      if (typeof sized === 'string') return this.close(order, 'cancel', sized, ts);
      order.quantity = sized;
    }
    let qty = order.quantity - order.filledQty;
    if (this.o.maxVolumePct !== null) {
      const cap = (volume * this.o.maxVolumePct) / 100;
      qty = Math.min(qty, this.o.fractional ? cap : Math.floor(cap));
      if (qty <= 0) return; // nothing may trade in this bar; the order stays open
    }
    const position = portfolio.qty[order.symbolIndex];
    const spendsCash = order.side === 'buy' && !(position < 0 && qty <= -position);
    if (spendsCash) {
      const cost = qty * price + fillFee(this.o.fees, order.filledQty, order.filledNotional, qty, qty * price);
      if (cost > portfolio.cash + 1e-9) {
        const canClip = order.size.kind !== 'quantity' || this.o.clipToCash;
        const affordable = canClip ? affordableQuantity(order, price, portfolio.cash, this.o.fees, this.o.fractional, qty) : 0;
        if (affordable <= 0) {
          const reason = `insufficient cash: need ${formatMoney(cost)}, have ${formatMoney(portfolio.cash)}`;
          return this.close(order, order.filledQty > 0 ? 'cancel' : 'reject', reason, ts);
        }
        if (order.filledQty + affordable < order.quantity && this.o.maxVolumePct === null) order.quantity = order.filledQty + affordable;
        qty = affordable;
      }
    }
    const fee = fillFee(this.o.fees, order.filledQty, order.filledNotional, qty, qty * price);
    portfolio.applyFill(order.symbolIndex, order.side, qty, price, fee, ts);
    order.filledQty += qty;
    order.filledNotional += qty * price;
    order.avgFillPrice = order.filledNotional / order.filledQty;
    const done = order.filledQty >= order.quantity - 1e-9;
    order.status = nextStatus(order.status, done ? 'fill' : 'partial_fill');
    const fill: Fill = { orderId: order.id, symbol: order.symbol, side: order.side, ts, qty, price, fee };
    this.o.listener.onFill(fill, order);
    if (order.stopLoss !== null || order.takeProfit !== null) this.protect(order, ts, atOpen);
    if (done) this.finish(order, ts);
    if (portfolio.qty[order.symbolIndex] === 0) this.cancelChildrenOf(order.symbolIndex, 'position closed', ts);
  }

  /** Slippage against the trader, in 1/10,000 dollars as US venues report fills, never beyond a limit price, never outside the bar. */
  private fillPrice(order: Order, raw: number, bar: BarPrices): number {
    let p = Math.round(this.o.slippage.apply(raw, order.side) * 10_000) / 10_000;
    if (order.limitPrice !== null && (order.type === 'limit' || order.type === 'stop_limit')) {
      p = order.side === 'buy' ? Math.min(p, Math.max(raw, order.limitPrice)) : Math.max(p, Math.min(raw, order.limitPrice));
    }
    return Math.min(bar.high, Math.max(bar.low, p));
  }

  /** Creates or resizes the bracket children of an entry so they cover what has filled so far. */
  private protect(entry: Order, ts: number, filledAtOpen: boolean): void {
    const exitSide: Side = entry.side === 'buy' ? 'sell' : 'buy';
    // An entry filled at the open leaves the rest of that bar for its protection to trade in.
    const activeAfter = filledAtOpen ? ts - 1 : ts;
    const existing = this.open.filter((o) => o.parentId === entry.id);
    if (existing.length > 0) {
      for (const child of existing) child.quantity = entry.filledQty;
      return;
    }
    const base = { symbol: entry.symbol, side: exitSide, size: { kind: 'quantity' as const, value: entry.filledQty }, timeInForce: 'gtc' as const, stopLoss: null, takeProfit: null, limitPrice: null, stopPrice: null };
    // Stop-loss first: when a bar touches both, the protective stop is matched before the take-profit.
    if (entry.stopLoss !== null) this.addChild({ ...base, type: 'stop', stopPrice: entry.stopLoss }, entry, ts, activeAfter);
    if (entry.takeProfit !== null) this.addChild({ ...base, type: 'limit', limitPrice: entry.takeProfit }, entry, ts, activeAfter);
  }

  private addChild(request: OrderRequest, parent: Order, ts: number, activeAfter: number): void {
    const child = this.create(request, ts, parent.id);
    child.activeAfter = activeAfter;
    this.open.push(child);
  }

  private finish(order: Order, ts: number): void {
    order.reason ??= 'filled';
    order.closedTs = ts;
    this.o.listener.onClosed(order);
    if (order.parentId !== null) {
      for (const sibling of this.open) {
        if (sibling.parentId === order.parentId && sibling !== order && !FINAL_STATUSES.has(sibling.status)) this.close(sibling, 'cancel', `one-cancels-other: ${order.id} filled`, ts);
      }
    }
  }

  private cancelChildrenOf(symbolIndex: number, reason: string, ts: number): void {
    for (const o of this.open) {
      if (o.symbolIndex === symbolIndex && o.parentId !== null && !FINAL_STATUSES.has(o.status)) this.close(o, 'cancel', reason, ts);
    }
  }

  private close(order: Order, event: 'cancel' | 'reject', reason: string, ts: number): void {
    order.status = nextStatus(order.status, event);
    order.reason = reason;
    order.closedTs = ts;
    this.o.listener.onClosed(order);
  }

  private prune(): void {
    if (this.open.some((o) => FINAL_STATUSES.has(o.status))) this.open = this.open.filter((o) => !FINAL_STATUSES.has(o.status));
  }

  private findRow(slice: Slice, symbolIndex: number): number {
    for (let r = slice.start; r < slice.end; r++) if (slice.batch.symbol[r] === symbolIndex) return r;
    return -1;
  }

  private barAt(slice: Slice, row: number): BarPrices {
    const b = slice.batch;
    this.bar.open = b.open[row];
    this.bar.high = b.high[row];
    this.bar.low = b.low[row];
    this.bar.close = b.close[row];
    return this.bar;
  }
}
