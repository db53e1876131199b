import { DAY_MS } from '../domain/time.ts';
import { perBarRiskFree } from './returns.ts';
import { finiteOrNull } from './stats.ts';
import type { ReturnRatios } from './return-stats.ts';

/**
 * The equity-curve statistics of {@link computeMetrics}, gathered a slab of points at a time, so a curve written
 * to a store during a run is never held whole. Every sum runs over the same values in the same order as
 * returnRatios, maxDrawdown and maxDrawdownDays over the whole arrays, so the results are bit-identical.
 *
 * The sample deviations need the mean first: after the last `add`, when `needsSecondPass` is true, the equity
 * values are given again, in order, to `addSecond` (from memory, or read back from where they were written).
 */
export class EquityStats {
  /** Points added. */
  length = 0;
  firstTs = Number.NaN;
  lastTs = Number.NaN;
  lastEquity = Number.NaN;
  readonly #start: number;
  readonly #rf: number;
  // Pass 1 of the return ratios.
  #prev: number;
  #sumR = 0;
  #sumX = 0;
  #downside = 0;
  #firstR = Number.NaN;
  #firstX = Number.NaN;
  #equalR = true;
  #equalX = true;
  // Pass 2.
  #prev2: number;
  #seen2 = 0;
  #ssR = 0;
  #ssX = 0;
  // Drawdown depth and duration.
  #peak: number;
  #worst = 0;
  #peakDays: number;
  #peakTs = Number.NaN;
  #under = false;
  #longest = 0;

  /** `startingEquity` in dollars; the annual `riskFreeRate` as a fraction, per bar over `barsPerYear`. */
  constructor(
    startingEquity: number,
    readonly barsPerYear: number,
    riskFreeRate = 0,
  ) {
    this.#start = startingEquity;
    this.#rf = perBarRiskFree(riskFreeRate, barsPerYear);
    this.#prev = startingEquity;
    this.#prev2 = startingEquity;
    this.#peak = startingEquity;
    this.#peakDays = startingEquity;
  }

  /** Adds points [0, length) of a slab. Throws a RangeError naming the point when one is not finite or goes back in time. */
  add(ts: ArrayLike<number>, equity: ArrayLike<number>, length: number): void {
    const rf = this.#rf;
    for (let i = 0; i < length; i++) {
      const e = equity[i];
      const t = ts[i];
      const at = this.length;
      if (!Number.isFinite(e)) throw new RangeError(`computeMetrics: equity[${at}] is not finite (${e})`);
      if (!Number.isFinite(t)) throw new RangeError(`computeMetrics: ts[${at}] is not finite (${t})`);
      if (at > 0 && t < this.lastTs) throw new RangeError(`computeMetrics: ts[${at}] is earlier than ts[${at - 1}]`);
      const r = this.#prev > 0 ? e / this.#prev - 1 : Number.NaN;
      this.#prev = e;
      const x = rf === 0 ? r : r - rf;
      if (at === 0) {
        this.#firstR = r;
        this.#firstX = x;
        this.firstTs = t;
        this.#peakTs = t;
      } else {
        if (r !== this.#firstR) this.#equalR = false;
        if (x !== this.#firstX) this.#equalX = false;
      }
      this.#sumR += r;
      this.#sumX += x;
      if (x < 0) this.#downside += x * x;
      if (e > this.#peak) this.#peak = e;
      else if (e < this.#peak) this.#worst = Math.min(this.#worst, e / this.#peak - 1);
      if (e >= this.#peakDays) {
        if (this.#under) this.#longest = Math.max(this.#longest, t - this.#peakTs);
        this.#under = false;
        this.#peakDays = e;
        this.#peakTs = t;
      } else {
        this.#under = true;
      }
      this.lastTs = t;
      this.lastEquity = e;
      this.length = at + 1;
    }
  }

  /** True when the sample deviations need the equity values a second time (`addSecond`). */
  get needsSecondPass(): boolean {
    return this.length >= 2 && (!this.#equalR || !this.#equalX);
  }

  /** The second pass: the same equity values as `add` got, in order, in any slabs. */
  addSecond(equity: ArrayLike<number>, length: number): void {
    const n = this.length;
    const meanR = this.#sumR / n;
    const meanX = this.#sumX / n;
    const rf = this.#rf;
    for (let i = 0; i < length; i++) {
      const e = equity[i];
      const r = this.#prev2 > 0 ? e / this.#prev2 - 1 : Number.NaN;
      this.#prev2 = e;
      const x = rf === 0 ? r : r - rf;
      const dr = r - meanR;
      this.#ssR += dr * dr;
      const dx = x - meanX;
      this.#ssX += dx * dx;
    }
    this.#seen2 += length;
    if (this.#seen2 > n) throw new RangeError(`EquityStats: the second pass got ${this.#seen2} points, the first ${n}`);
  }

  /** Volatility, Sharpe and Sortino; throws when a needed second pass is missing or incomplete. */
  ratios(): ReturnRatios {
    const n = this.length;
    if (this.needsSecondPass && this.#seen2 !== n) throw new RangeError(`EquityStats: the second pass got ${this.#seen2} of ${n} points`);
    const meanX = this.#sumX / n;
    const stdR = n < 2 ? Number.NaN : this.#equalR ? 0 : Math.sqrt(this.#ssR / (n - 1));
    const stdX = n < 2 ? Number.NaN : this.#equalX ? 0 : Math.sqrt(this.#ssX / (n - 1));
    const root = Math.sqrt(this.barsPerYear);
    const dd = Math.sqrt(this.#downside / n);
    return {
      volatility: finiteOrNull(stdR * root),
      sharpe: stdX > 0 ? finiteOrNull((meanX / stdX) * root) : null,
      sortino: dd > 0 ? finiteOrNull((meanX / dd) * root) : null,
    };
  }

  /** As maxDrawdown over the points added: the largest fall from the running peak, a fraction ≤ 0. */
  get maxDrawdown(): number {
    return this.#worst;
  }

  /** As maxDrawdownDays over the points added: the longest time under water, in calendar days. */
  get maxDrawdownDays(): number {
    if (this.length === 0) return 0;
    const longest = this.#under ? Math.max(this.#longest, this.lastTs - this.#peakTs) : this.#longest;
    return longest / DAY_MS;
  }

  /** Equity at the last point, or the starting equity when there is none. */
  get finalEquity(): number {
    return this.length > 0 ? this.lastEquity : this.#start;
  }

  get startingEquity(): number {
    return this.#start;
  }
}
