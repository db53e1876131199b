import type { Slice } from '../domain/bar.ts';
import type { Side } from '../domain/order.ts';
import { roundCents } from '../domain/money.ts';
import { RoundTripTracker } from './round-trips.ts';

/** Cash, signed positions (long and short) and last prices for one run's universe. */
export class Portfolio {
  cash: number;
  feesPaid = 0;
  /** Signed shares per symbol index. */
  readonly qty: Float64Array;
  /** Latest close seen per symbol index (NaN before its first bar). */
  readonly lastPrice: Float64Array;
  readonly trips: RoundTripTracker;
  // Indices with a non-zero position, so marking and exposure cost O(held), not O(universe).
  private held: number[] = [];

  constructor(
    readonly universe: readonly string[],
    readonly startingCash: number,
  ) {
    if (!Number.isFinite(startingCash) || startingCash <= 0) throw new Error(`starting cash must be a positive number, got ${startingCash}`);
    this.cash = startingCash;
    this.qty = new Float64Array(universe.length);
    this.lastPrice = new Float64Array(universe.length).fill(NaN);
    this.trips = new RoundTripTracker(universe);
  }

  /** Applies one fill: cash moves by the notional and the fee; round trips are updated. */
  applyFill(symbolIndex: number, side: Side, qty: number, price: number, fee: number, ts: number): void {
    const delta = side === 'buy' ? qty : -qty;
    const before = this.qty[symbolIndex];
    this.cash -= delta * price + fee;
    this.feesPaid = roundCents(this.feesPaid + fee);
    const after = before + delta;
    // Snap float dust from fractional fills so a closed position is exactly flat.
    this.qty[symbolIndex] = Math.abs(after) < 1e-9 ? 0 : after;
    this.trips.record(symbolIndex, before, delta, price, fee, ts);
    if (before === 0 && this.qty[symbolIndex] !== 0) this.held.push(symbolIndex);
    else if (before !== 0 && this.qty[symbolIndex] === 0) this.held.splice(this.held.indexOf(symbolIndex), 1);
  }

  /** Records each bar's close as its symbol's last price. */
  mark(slice: Slice): void {
    const { symbol, close } = slice.batch;
    for (let r = slice.start; r < slice.end; r++) this.lastPrice[symbol[r]] = close[r];
  }

  /** Cash plus every position at its last price. */
  equity(): number {
    let e = this.cash;
    const held = this.held;
    for (let k = 0; k < held.length; k++) e += this.qty[held[k]] * this.lastPrice[held[k]];
    return e;
  }

  /** Sum of |shares × last price| over all positions. */
  grossExposure(): number {
    let g = 0;
    for (const i of this.held) g += Math.abs(this.qty[i] * this.lastPrice[i]);
    return g;
  }

  /** True while any position is open. */
  isExposed(): boolean {
    return this.held.length > 0;
  }

  heldSymbols(): readonly number[] {
    return this.held;
  }
}
