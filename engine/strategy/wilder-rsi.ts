/**
 * Wilder's RSI per symbol, state in typed arrays (no allocation per bar). The first average
 * gain and loss are simple means of the first `period` changes; after that each is smoothed as
 * (previous × (period − 1) + current) / period. The first value therefore needs `period + 1`
 * closes. RSI is 100 when there were only gains, 0 when only losses, 50 when price never moved.
 */
export class WilderRsi {
  /** Changes averaged, in bars. */
  readonly period: number;
  private readonly prev: Float64Array;
  private readonly gain: Float64Array;
  private readonly loss: Float64Array;
  private readonly rsi: Float64Array;
  private readonly counts: Int32Array;

  constructor(symbols: number, period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`WilderRsi: period must be an integer >= 1, got ${period}`);
    this.period = period;
    this.prev = new Float64Array(symbols);
    this.gain = new Float64Array(symbols);
    this.loss = new Float64Array(symbols);
    this.rsi = new Float64Array(symbols).fill(NaN);
    this.counts = new Int32Array(symbols);
  }

  /** Feeds the symbol's next close. */
  update(symbol: number, close: number): void {
    const n = this.counts[symbol];
    this.counts[symbol] = n + 1;
    const previous = this.prev[symbol];
    this.prev[symbol] = close;
    if (n === 0) return;
    const change = close - previous;
    const up = change > 0 ? change : 0;
    const down = change < 0 ? -change : 0;
    const p = this.period;
    if (n < p) {
      this.gain[symbol] += up;
      this.loss[symbol] += down;
      return;
    }
    if (n === p) {
      this.gain[symbol] = (this.gain[symbol] + up) / p;
      this.loss[symbol] = (this.loss[symbol] + down) / p;
    } else {
      this.gain[symbol] = (this.gain[symbol] * (p - 1) + up) / p;
      this.loss[symbol] = (this.loss[symbol] * (p - 1) + down) / p;
    }
    const g = this.gain[symbol];
    const l = this.loss[symbol];
    this.rsi[symbol] = l === 0 ? (g === 0 ? 50 : 100) : 100 - 100 / (1 + g / l);
  }

  /** Closes fed for the symbol so far. */
  count(symbol: number): number {
    return this.counts[symbol];
  }

  /** Latest RSI in [0, 100]; NaN until `period + 1` closes. */
  value(symbol: number): number {
    return this.rsi[symbol];
  }
}
