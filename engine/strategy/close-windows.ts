/**
 * Per-symbol ring buffers of the latest `capacity` closes, all in one Float64Array, so
 * look-backs cost nothing per bar. Symbols are universe indices.
 */
export class CloseWindows {
  /** Closes kept per symbol. */
  readonly capacity: number;
  private readonly values: Float64Array;
  private readonly counts: Int32Array;
  /** Ring slot of each symbol's latest close. */
  private readonly latest: Int32Array;

  constructor(symbols: number, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`CloseWindows: capacity must be an integer >= 1, got ${capacity}`);
    this.capacity = capacity;
    this.values = new Float64Array(symbols * capacity);
    this.counts = new Int32Array(symbols);
    this.latest = new Int32Array(symbols).fill(capacity - 1);
  }

  /** Appends a symbol's latest close. */
  push(symbol: number, close: number): void {
    const slot = this.latest[symbol] + 1 === this.capacity ? 0 : this.latest[symbol] + 1;
    this.values[symbol * this.capacity + slot] = close;
    this.latest[symbol] = slot;
    this.counts[symbol]++;
  }

  /** Closes pushed for the symbol so far (may exceed capacity). */
  count(symbol: number): number {
    return this.counts[symbol];
  }

  /** The close `lag` bars before the latest (0 = latest); requires lag < min(count, capacity). */
  back(symbol: number, lag: number): number {
    const slot = this.latest[symbol] - lag;
    return this.values[symbol * this.capacity + (slot < 0 ? slot + this.capacity : slot)];
  }
}
