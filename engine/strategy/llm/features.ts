import { ATR, RSI, SMA } from 'trading-signals';
import type { Slice } from '../../domain/bar.ts';
import { formatTimestamp } from '../../domain/time.ts';

const FIELDS = 6; // ts, open, high, low, close, volume

interface SymbolIndicators {
  readonly sma20: SMA;
  readonly sma50: SMA;
  readonly rsi14: RSI;
  readonly atr14: ATR;
}

/**
 * Point-in-time features per symbol: the last `window` bars and a few indicators (trading-signals), updated from
 * each slice as it arrives. Nothing here can see a bar after the current slice.
 */
export class FeatureBook {
  private readonly ring: Float64Array;
  // Each bar's CSV row, formatted once when it arrives: a prompt shows it up to `window` times.
  private readonly rows: string[];
  private readonly count: Int32Array;
  private readonly indicators: SymbolIndicators[];

  constructor(
    symbols: number,
    private readonly window: number,
  ) {
    this.ring = new Float64Array(symbols * window * FIELDS);
    this.rows = new Array<string>(symbols * window).fill('');
    this.count = new Int32Array(symbols);
    this.indicators = Array.from({ length: symbols }, () => ({ sma20: new SMA(20), sma50: new SMA(50), rsi14: new RSI(14), atr14: new ATR(14) }));
  }

  observe(slice: Slice): void {
    const { batch, start, end } = slice;
    for (let r = start; r < end; r++) {
      const s = batch.symbol[r];
      const slot = s * this.window + (this.count[s] % this.window);
      const at = slot * FIELDS;
      this.rows[slot] = `${formatTimestamp(batch.ts[r])},${price(batch.open[r])},${price(batch.high[r])},${price(batch.low[r])},${price(batch.close[r])},${Math.round(batch.volume[r])}`;
      const ring = this.ring;
      ring[at] = batch.ts[r];
      ring[at + 1] = batch.open[r];
      ring[at + 2] = batch.high[r];
      ring[at + 3] = batch.low[r];
      ring[at + 4] = batch.close[r];
      ring[at + 5] = batch.volume[r];
      this.count[s]++;
      const ind = this.indicators[s];
      ind.sma20.update(batch.close[r], false);
      ind.sma50.update(batch.close[r], false);
      ind.rsi14.update(batch.close[r], false);
      ind.atr14.update({ high: batch.high[r], low: batch.low[r], close: batch.close[r] }, false);
    }
  }

  /** Bars of the symbol seen so far. */
  seen(s: number): number {
    return this.count[s];
  }

  /** The last close of the symbol. */
  lastClose(s: number): number {
    return this.ring[this.slot(s, 0) + 4];
  }

  /** The recent bars as a small CSV table, oldest first; dates for daily bars, UTC times for intraday. */
  barsTable(s: number): string {
    const n = Math.min(this.count[s], this.window);
    let table = 'date,open,high,low,close,volume';
    for (let k = n - 1; k >= 0; k--) table += `\n${this.rows[this.slot(s, k) / FIELDS]}`;
    return table;
  }

  /** Indicator values at the last close, one per line; `n/a` until an indicator has enough bars. */
  indicatorText(s: number): string {
    const ind = this.indicators[s];
    const close = this.lastClose(s);
    const back = Math.min(this.count[s], this.window) - 1;
    const first = this.ring[this.slot(s, back) + 4];
    const change = back > 0 && first > 0 ? `${pct(close / first - 1)} over ${back} bars` : 'n/a';
    return [
      `close ${price(close)}`,
      `SMA(20) ${value(ind.sma20.getResult())}`,
      `SMA(50) ${value(ind.sma50.getResult())}`,
      `RSI(14) ${value(ind.rsi14.getResult())}`,
      `ATR(14) ${value(ind.atr14.getResult())}`,
      `change ${change}`,
    ].join('\n');
  }

  // Ring offset of the bar `back` bars before the symbol's latest (0 = latest).
  private slot(s: number, back: number): number {
    return (s * this.window + ((this.count[s] - 1 - back) % this.window)) * FIELDS;
  }
}

/** Prices to cents, or to 1/10,000 under a dollar: what a trader reads, and stable text for the prompt hash. */
export function price(x: number): string {
  return Math.abs(x) < 1 ? x.toFixed(4) : x.toFixed(2);
}

function value(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(2);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
