/**
 * Simple moving average of the latest `period` values per symbol, O(1) per update with no
 * allocation: a running sum per symbol, state in typed arrays. Each time a symbol's ring wraps,
 * the sum is recomputed from the window oldest first, so rounding drift never builds up beyond
 * `period` updates and the mean equals a fresh oldest-first sum at least every `period` bars.
 */
export class RollingMean {
  /** Values averaged, in bars. */
  readonly period: number;
  private readonly ring: Float64Array;
  private readonly sums: Float64Array;
  private readonly counts: Int32Array;
  private readonly slots: Int32Array;

  constructor(symbols: number, period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`RollingMean: period must be an integer >= 1, got ${period}`);
    this.period = period;
    this.ring = new Float64Array(symbols * period);
    this.sums = new Float64Array(symbols);
    this.counts = new Int32Array(symbols);
    this.slots = new Int32Array(symbols).fill(period - 1);
  }

  /** Feeds the symbol's next value. */
  push(symbol: number, value: number): void {
    const p = this.period;
    const ring = this.ring;
    const slot = this.slots[symbol] + 1 === p ? 0 : this.slots[symbol] + 1;
    const at = symbol * p + slot;
    const leaving = ring[at]; // 0 while the ring is filling
    ring[at] = value;
    this.slots[symbol] = slot;
    this.counts[symbol]++;
    if (slot === p - 1) {
      // The window is now ring[0 .. p) in time order: resynchronise from it.
      let sum = 0;
      for (let k = symbol * p, end = k + p; k < end; k++) sum += ring[k];
      this.sums[symbol] = sum;
    } else {
      this.sums[symbol] += value - leaving;
    }
  }

  /** Values fed for the symbol so far. */
  count(symbol: number): number {
    return this.counts[symbol];
  }

  /** Mean of the latest `period` values; NaN until `period` values were fed. */
  mean(symbol: number): number {
    return this.counts[symbol] >= this.period ? this.sums[symbol] / this.period : NaN;
  }
}
