import type { RoundTrip } from '../domain/order.ts';

interface OpenTrip {
  side: 'long' | 'short';
  entryTs: number;
  entryQty: number;
  entryNotional: number;
  exitQty: number;
  exitNotional: number;
  maxQty: number;
  /** Average cost of the shares still held (average-cost method). */
  avgCost: number;
  held: number;
  gross: number;
  fees: number;
}

/** Turns fills into round trips (flat → flat) per symbol, with average prices and P&L net of fees. */
export class RoundTripTracker {
  readonly closed: RoundTrip[] = [];
  private readonly open: (OpenTrip | undefined)[];

  constructor(private readonly universe: readonly string[]) {
    this.open = new Array(universe.length);
  }

  /** Records a fill of signed quantity `delta` (buy > 0) that moved the position from `before`. */
  record(symbolIndex: number, before: number, delta: number, price: number, fee: number, ts: number): void {
    const after = before + delta;
    if (before !== 0 && Math.sign(after) !== Math.sign(before)) {
      // The fill closes the trip, and when it crosses zero the rest opens a new one; the fee is split pro rata.
      const closingQty = Math.abs(before);
      const closingFee = fee * (closingQty / Math.abs(delta));
      this.reduce(symbolIndex, before, closingQty, price, closingFee);
      this.finish(symbolIndex, ts);
      if (after !== 0) this.start(symbolIndex, after, price, fee - closingFee, ts);
      return;
    }
    if (before === 0) {
      this.start(symbolIndex, after, price, fee, ts);
      return;
    }
    const trip = this.open[symbolIndex]!;
    if (Math.abs(after) > Math.abs(before)) {
      const add = Math.abs(delta);
      trip.avgCost = (trip.avgCost * trip.held + price * add) / (trip.held + add);
      trip.held += add;
      trip.entryQty += add;
      trip.entryNotional += add * price;
      trip.maxQty = Math.max(trip.maxQty, Math.abs(after));
      trip.fees += fee;
    } else {
      this.reduce(symbolIndex, before, Math.abs(delta), price, fee);
    }
  }

  /** Open trips' entry details, for reporting positions held at the end. */
  openTrips(): { symbol: string; side: 'long' | 'short'; entryTs: number; entryPrice: number }[] {
    const out = [];
    for (let i = 0; i < this.open.length; i++) {
      const t = this.open[i];
      if (t) out.push({ symbol: this.universe[i], side: t.side, entryTs: t.entryTs, entryPrice: t.entryNotional / t.entryQty });
    }
    return out;
  }

  private start(symbolIndex: number, position: number, price: number, fee: number, ts: number): void {
    const qty = Math.abs(position);
    this.open[symbolIndex] = {
      side: position > 0 ? 'long' : 'short',
      entryTs: ts,
      entryQty: qty,
      entryNotional: qty * price,
      exitQty: 0,
      exitNotional: 0,
      maxQty: qty,
      avgCost: price,
      held: qty,
      gross: 0,
      fees: fee,
    };
  }

  private reduce(symbolIndex: number, before: number, qty: number, price: number, fee: number): void {
    const trip = this.open[symbolIndex]!;
    trip.gross += (price - trip.avgCost) * qty * Math.sign(before);
    trip.held -= qty;
    trip.exitQty += qty;
    trip.exitNotional += qty * price;
    trip.fees += fee;
  }

  private finish(symbolIndex: number, ts: number): void {
    const t = this.open[symbolIndex]!;
    this.closed.push({
      symbol: this.universe[symbolIndex],
      side: t.side,
      qty: t.maxQty,
      entryTs: t.entryTs,
      entryPrice: t.entryNotional / t.entryQty,
      exitTs: ts,
      exitPrice: t.exitNotional / t.exitQty,
      pnl: t.gross - t.fees,
      fees: t.fees,
    });
    this.open[symbolIndex] = undefined;
  }
}
