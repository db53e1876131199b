import type { Slice } from '../domain/bar.ts';
import { DAY_MS } from '../domain/time.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import type { RiskView } from '../risk/risk-rule.ts';

/**
 * The point-in-time account figures the risk gate judges against: high-water mark, the previous
 * trading day's closing equity and trailing average volume per symbol (a ring buffer per symbol).
 */
export class AccountState implements RiskView {
  highWaterMark: number;
  worstDrawdown = 0;
  dayStartEquity: number;
  /** Market time of the current slice (epoch ms). */
  now = NaN;
  private lastEquity: number;
  private day = NaN;
  private readonly volumes: Float64Array;
  private readonly volumeSum: Float64Array;
  private readonly volumeCount: Int32Array;

  constructor(
    private readonly portfolio: Portfolio,
    private readonly tradingDate: (ts: number) => number,
    private readonly window: number,
  ) {
    if (!Number.isInteger(window) || window < 0) throw new Error(`average volume window must be a whole number of bars >= 0 (0: not tracked), got ${window}`);
    const n = portfolio.universe.length;
    this.highWaterMark = this.dayStartEquity = this.lastEquity = portfolio.startingCash;
    this.volumes = new Float64Array(n * Math.max(1, window));
    this.volumeSum = new Float64Array(n);
    this.volumeCount = new Int32Array(n);
  }

  get universe(): readonly string[] {
    return this.portfolio.universe;
  }
  get cash(): number {
    return this.portfolio.cash;
  }
  get equity(): number {
    return this.portfolio.equity();
  }
  get grossExposure(): number {
    return this.portfolio.grossExposure();
  }
  position(symbolIndex: number): number {
    return this.portfolio.qty[symbolIndex];
  }
  lastPrice(symbolIndex: number): number {
    return this.portfolio.lastPrice[symbolIndex];
  }
  averageDailyVolume(symbolIndex: number): number {
    if (this.window === 0) return NaN;
    const n = this.volumeCount[symbolIndex];
    return n < this.window ? NaN : this.volumeSum[symbolIndex] / this.window;
  }

  /** Called at the start of each slice: rolls the day and adds the slice's volumes. */
  open(slice: Slice): void {
    this.now = slice.ts;
    // A trading date D (00:00 UTC) runs until at least D + 24 h in every time zone west of UTC (New York's
    // next day starts at 04:00 or 05:00 UTC), so within that span time cannot have left D: skip the lookup.
    if (!(slice.ts < this.day + DAY_MS)) {
      const day = this.tradingDate(slice.ts);
      if (day !== this.day) {
        this.day = day;
        this.dayStartEquity = this.lastEquity;
      }
    }
    const w = this.window;
    if (w === 0) return;
    const { symbol, volume } = slice.batch;
    for (let r = slice.start; r < slice.end; r++) {
      const s = symbol[r];
      const k = s * w + (this.volumeCount[s] % w);
      this.volumeSum[s] += volume[r] - this.volumes[k];
      this.volumes[k] = volume[r];
      this.volumeCount[s]++;
    }
  }

  /** Called at the end of each slice with its closing equity. */
  close(equity: number): void {
    this.lastEquity = equity;
    if (equity > this.highWaterMark) this.highWaterMark = equity;
    const drawdown = 1 - equity / this.highWaterMark;
    if (drawdown > this.worstDrawdown) this.worstDrawdown = drawdown;
  }
}
