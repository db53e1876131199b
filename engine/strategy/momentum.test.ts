import { describe, expect, test } from 'vitest';
import type { Bar } from '../domain/bar.ts';
import { DAY_MS } from '../domain/time.ts';
import { momentumStrategy } from './momentum.ts';
import { FakeContext, mergeBars, runStrategy } from './test-harness.ts';

const T0 = Date.UTC(2020, 0, 1);

/** Bars from a table: one row per day, one column per symbol (NaN = no bar that day). */
function table(symbols: string[], rows: number[][]): Bar[] {
  const lists = symbols.map((symbol, c) =>
    rows.flatMap((row, t) => (Number.isNaN(row[c]) ? [] : [{ symbol, ts: T0 + t * DAY_MS, open: row[c], high: row[c], low: row[c], close: row[c], volume: 1 }])),
  );
  return mergeBars(symbols, ...lists);
}

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];
// Returns over 2 bars at t=2: AAA +20%, BBB −20%, CCC +10%, DDD +10%, EEE +20%
//   → top 3: AAA, EEE (tie with AAA at +20%, broken by name), CCC (tie with DDD at +10%).
// At t=4, against t=2: AAA 0%, BBB +50%, CCC 0%, DDD 0%, EEE 0% → BBB, AAA, CCC.
const ROWS = [
  [10, 10, 10, 10, 10],
  [11, 9, 10, 12, 10],
  [12, 8, 11, 11, 12],
  [12, 9, 12, 11, 12],
  [12, 12, 11, 11, 12],
  [13, 12, 11, 11, 12],
];
const env = (universe: string[]) => ({ universe, timeframe: '1Day' }) as const;
const summary = (run: Awaited<ReturnType<typeof runStrategy>>) =>
  run.emitted.map((e) => [(e.ts - T0) / DAY_MS, e.signal.symbol, e.signal.action, e.signal.size && +e.signal.size.value.toFixed(4)]);

describe('momentum', () => {
  test('warmup is lookback + 1', () => {
    expect(momentumStrategy.create({ lookback: '2' }, env(SYMBOLS)).warmup).toBe(3);
    expect(momentumStrategy.create({}, env(SYMBOLS)).warmup).toBe(127);
  });

  test('picks the top N by trailing return, ties by name, exits the dropped, every `rebalance` slices', async () => {
    const strategy = momentumStrategy.create({ lookback: '2', top: '3', rebalance: '2' }, env(SYMBOLS));
    const run = await runStrategy(strategy, table(SYMBOLS, ROWS), SYMBOLS, { fills: 'close' });
    expect(summary(run)).toEqual([
      [2, 'AAA', 'BUY', 0.3333],
      [2, 'EEE', 'BUY', 0.3333],
      [2, 'CCC', 'BUY', 0.3333],
      [4, 'EEE', 'SELL', 0],
      [4, 'BBB', 'BUY', 0.3333],
      [4, 'AAA', 'BUY', 0.3333],
      [4, 'CCC', 'BUY', 0.3333],
    ]);
  });

  test('a held symbol above its target weight gets a SELL toward it', async () => {
    const strategy = momentumStrategy.create({ lookback: '2', top: '3', rebalance: '2' }, env(SYMBOLS));
    const ctx = new FakeContext(SYMBOLS, strategy.warmup);
    ctx.setPosition('AAA', 5000); // 5000 × 12 = 60% of 100,000
    const run = await runStrategy(strategy, table(SYMBOLS, ROWS.slice(0, 3)), SYMBOLS, { ctx });
    expect(summary(run)[0]).toEqual([2, 'AAA', 'SELL', 0.3333]);
  });

  test('only symbols with a bar in the slice and lookback + 1 bars compete; fewer than top leaves cash', async () => {
    const symbols = ['NEW', 'OLD', 'GONE'];
    const rows = [
      [NaN, 10, 10],
      [NaN, 11, 10],
      [10, 12, 20],
      [30, 12, NaN],
    ];
    const strategy = momentumStrategy.create({ lookback: '2', top: '2', rebalance: '1' }, env(symbols));
    const ctx = new FakeContext(symbols, strategy.warmup);
    ctx.setPosition('GONE', 10);
    const run = await runStrategy(strategy, table(symbols, rows), symbols, { ctx });
    // t=2: GONE +100%, OLD +20%; NEW has 1 bar. t=3: GONE has no bar and is exited; NEW has 2 bars; OLD alone at 1/2.
    expect(summary(run)).toEqual([
      [2, 'GONE', 'BUY', 0.5],
      [2, 'OLD', 'BUY', 0.5],
      [3, 'GONE', 'SELL', 0],
      [3, 'OLD', 'BUY', 0.5],
    ]);
  });

  test('a symbol whose lookback window reaches across a hole in its bars is not ranked until its window is whole again', async () => {
    // lookback 2: a window of 3 bars may span at most 2 + max(5, 1) = 7 slices. HOLE has bars on days 0-2 and 13-15;
    // STEADY on days 0-15, rising 1 % a day. HOLE doubles across its hole: its "2-bar return" on day 13 (13 vs day 1) is
    // +100 % and would top the ranking; its window spans 12 slices, so STEADY is held until day 15, when HOLE's window
    // (days 13-15) is whole again and its real 2-bar return (+4 % > STEADY's +2 %) ranks it first.
    const symbols = ['HOLE', 'STEADY'];
    const rows = Array.from({ length: 16 }, (_, t) => [t <= 2 ? 10 : t >= 13 ? 20 * 1.02 ** (t - 13) : NaN, 100 * 1.01 ** t]);
    const strategy = momentumStrategy.create({ lookback: '2', top: '1', rebalance: '1' }, env(symbols));
    const run = await runStrategy(strategy, table(symbols, rows), symbols, { fills: 'close' });
    const buys = run.emitted.filter((e) => e.signal.action === 'BUY').map((e) => [(e.ts - T0) / DAY_MS, e.signal.symbol]);
    // Day 2: HOLE (0 %) vs STEADY (+2.01 %) → STEADY. Days 13, 14: HOLE left out (spans 12, 11 slices). Day 15: HOLE.
    expect(buys.filter(([, s]) => s === 'HOLE')).toEqual([[15, 'HOLE']]);
    expect(buys[0]).toEqual([2, 'STEADY']);
  });

  test('a hole every symbol shares (no bar times inside it) is a hole too: more than ten calendar days between two bars', async () => {
    // Both symbols trade on days 0-2 and 40-43; nothing in between. On day 40 each 2-bar window spans days 1-40; only
    // from day 42 (window 40-42) is a return ranked: A +10 % a day beats B's +1 %.
    const symbols = ['A', 'B'];
    const days = [0, 1, 2, 40, 41, 42, 43];
    const a = days.map((d, k) => (k < 3 ? 10 : 20 * 1.1 ** (k - 3)));
    const b = days.map((d, k) => (k < 3 ? 100 * 1.05 ** k : 50 * 1.01 ** (k - 3)));
    const bars = mergeBars(symbols, ...[a, b].map((closes, c) => closes.map((close, k) => ({ symbol: symbols[c], ts: T0 + days[k] * DAY_MS, open: close, high: close, low: close, close, volume: 1 }))));
    const strategy = momentumStrategy.create({ lookback: '2', top: '1', rebalance: '1' }, env(symbols));
    const run = await runStrategy(strategy, bars, symbols, { fills: 'close' });
    const buys = run.emitted.filter((e) => e.signal.action === 'BUY').map((e) => [(e.ts - T0) / DAY_MS, e.signal.symbol]);
    // Day 2: B (+10.25 % over 2 bars) beats A (0 %). Days 40 and 41: nothing ranked, so B is sold. Day 42: A; day 43
    // A again (a held symbol at or below its target weight gets a BUY toward it).
    expect(buys).toEqual([
      [2, 'B'],
      [42, 'A'],
      [43, 'A'],
    ]);
    expect(run.emitted.filter((e) => e.signal.action === 'SELL').map((e) => [(e.ts - T0) / DAY_MS, e.signal.symbol])).toEqual([[40, 'B']]);
  });

  test('500 symbols × 2,520 bars: holds the three fastest growers', async () => {
    const n = 500;
    const days = 2520;
    const universe = Array.from({ length: n }, (_, k) => `S${String(k).padStart(3, '0')}`);
    const batch = {
      length: n * days,
      ts: new Float64Array(n * days),
      symbol: new Int32Array(n * days),
      open: new Float64Array(n * days),
      high: new Float64Array(n * days),
      low: new Float64Array(n * days),
      close: new Float64Array(n * days),
      volume: new Float64Array(n * days).fill(1),
    };
    for (let t = 0, row = 0; t < days; t++) {
      for (let s = 0; s < n; s++, row++) {
        // Growth rate rises with the index; the wiggle is far smaller than the gap between neighbours.
        const close = 100 * Math.exp(1e-5 * (s - 250) * t) * (1 + 1e-5 * Math.sin(t / 20 + s));
        batch.ts[row] = T0 + t * DAY_MS;
        batch.symbol[row] = s;
        batch.open[row] = batch.high[row] = batch.low[row] = batch.close[row] = close;
      }
    }
    const run = await runStrategy(momentumStrategy.create({}, env(universe)), batch, universe, { fills: 'close', batchSize: 65_536 });
    expect(run.decideCalls).toBe(days - 126);
    const lastTs = run.emitted.at(-1)!.ts;
    expect(lastTs).toBe(T0 + (126 + 21 * Math.floor((days - 1 - 126) / 21)) * DAY_MS);
    expect(run.emitted.filter((e) => e.ts === lastTs).map((e) => e.signal.symbol)).toEqual(['S499', 'S498', 'S497']);
  });
});
