import { describe, expect, test } from 'vitest';
import { RSI } from 'trading-signals';
import { rsiReversionStrategy } from './rsi-reversion.ts';
import { barsFromCloses, FakeContext, mergeBars, readDailyBars, runStrategy } from './test-harness.ts';
import { WilderRsi } from './wilder-rsi.ts';

function rsiSeries(closes: readonly number[], period: number): number[] {
  const rsi = new WilderRsi(1, period);
  return closes.map((c) => (rsi.update(0, c), rsi.value(0)));
}

// StockCharts ChartSchool cs-rsi.xls: 14-period RSI of QQQQ closes.
const CLOSES = [
  44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328, 45.614, 46.282, 46.282, 46.0028,
  46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205,
  42.6628, 43.1314,
];
const PUBLISHED = [
  70.5328, 66.3186, 66.5498, 69.4063, 66.3552, 57.9749, 62.9296, 63.2571, 56.0593, 62.3771, 54.7076, 50.4228, 39.9898, 41.4605, 41.8689,
  45.4632, 37.304, 33.0795, 37.773,
];

describe('WilderRsi', () => {
  const got = rsiSeries(CLOSES, 14);
  test('is undefined (NaN) for the first 14 closes', () => {
    expect(got.slice(0, 14).every(Number.isNaN)).toBe(true);
  });
  test.each(PUBLISHED.map((want, k) => ({ bar: k + 14, want })))('matches the published StockCharts value at bar $bar: $want', ({ bar, want }) => {
    expect(Math.abs(got[bar] - want)).toBeLessThan(1e-3);
  });

  test("agrees with trading-signals' RSI (Wilder smoothing) on 23 years of SPY closes", () => {
    const closes = readDailyBars('SPY').map((b) => b.close);
    const reference = new RSI(14);
    const theirs = closes.map((c) => reference.add(c));
    const ours = rsiSeries(closes, 14);
    let worst = 0;
    for (let k = 14; k < closes.length; k++) worst = Math.max(worst, Math.abs(ours[k] - (theirs[k] as number)));
    expect(theirs[13]).toBeNull();
    expect(worst).toBeLessThan(1e-9);
  });

  test.each([
    { name: 'only gains', closes: [1, 2, 3, 4], want: 100 },
    { name: 'only losses', closes: [4, 3, 2, 1], want: 0 },
    { name: 'no movement', closes: [5, 5, 5, 5], want: 50 },
  ])('is $want with $name', ({ closes, want }) => {
    expect(rsiSeries(closes, 3)[3]).toBe(want);
  });
});

describe('rsi-reversion', () => {
  const universe = ['AAA', 'BBB'];
  const env = { universe, timeframe: '1Day' } as const;
  // period 2: falling closes → RSI 0 (< 30); rising → RSI 100 (> 70)
  const bars = mergeBars(universe, barsFromCloses('AAA', [10, 9, 8]), barsFromCloses('BBB', [10, 11, 12]));

  test('warmup is period + 1', () => {
    expect(rsiReversionStrategy.create({}, env).warmup).toBe(15);
  });

  test.each([
    { name: 'flat: buys the oversold symbol at 1/N', positions: { AAA: 0, BBB: 0 }, want: [['AAA', 'BUY', 0.5]] },
    { name: 'long both: exits the overbought one', positions: { AAA: 3, BBB: 3 }, want: [['BBB', 'SELL', 0]] },
    { name: 'long oversold, flat overbought: nothing', positions: { AAA: 3, BBB: 0 }, want: [] },
  ])('$name', async ({ positions, want }) => {
    const strategy = rsiReversionStrategy.create({ period: '2' }, env);
    const ctx = new FakeContext(universe, strategy.warmup);
    for (const [symbol, shares] of Object.entries(positions)) ctx.setPosition(symbol, shares);
    const run = await runStrategy(strategy, bars, universe, { ctx });
    expect(run.emitted.map((e) => [e.signal.symbol, e.signal.action, e.signal.size && e.signal.size.value])).toEqual(want);
  });
});
