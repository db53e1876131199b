import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../domain/time.ts';
import { MemoryJournal } from '../journal/memory-journal.ts';
import { createRiskManager } from '../risk/risk-manager.ts';
import { fixedClock } from './clock.ts';
import { buy, dailyBars, runScripted, scripted, sell } from './test-kit.ts';

const D0 = Date.UTC(2020, 0, 1);
// AAA trades on days 0 and 1 only, BBB on days 0..2, CCC from day 1: the run spans days 0..2.
const bars = [
  ...dailyBars('AAA', [
    [100, 100, 100, 100],
    [110, 110, 110, 110],
  ]),
  ...dailyBars('BBB', [
    [50, 50, 50, 50],
    [51, 51, 51, 51],
    [52, 52, 52, 52],
  ]),
  ...dailyBars('CCC', [[20, 20, 20, 20]], D0 + DAY_MS),
].sort((a, b) => a.ts - b.ts || a.symbol.localeCompare(b.symbol));

describe('symbols whose bars do not span the run', () => {
  test('coverage names each symbol’s bar count and first and last bar', async () => {
    const { result } = await runScripted(bars, scripted(() => undefined), { universe: ['AAA', 'BBB', 'CCC'] });
    expect(result.coverage).toEqual([
      { symbol: 'AAA', bars: 2, firstTs: D0, lastTs: D0 + DAY_MS, longestGap: { fromTs: D0, toTs: D0 + DAY_MS, missedSlices: 0 } },
      { symbol: 'BBB', bars: 3, firstTs: D0, lastTs: D0 + 2 * DAY_MS, longestGap: { fromTs: D0, toTs: D0 + DAY_MS, missedSlices: 0 } },
      { symbol: 'CCC', bars: 1, firstTs: D0 + DAY_MS, lastTs: D0 + DAY_MS, longestGap: null },
    ]);
  });

  test('the longest gap between two bars of a symbol, with the slices other symbols had inside it', async () => {
    // GAP trades on days 0, 1, 5 and 6; REF every day 0..6: GAP's longest gap is day 1 → day 5, missing days 2, 3 and 4.
    const ref = dailyBars('REF', Array.from({ length: 7 }, () => [10, 10, 10, 10] as [number, number, number, number]));
    const gap = dailyBars('GAP', [[20, 20, 20, 20], [21, 21, 21, 21], [25, 25, 25, 25], [26, 26, 26, 26]]).map((b, k) => ({ ...b, ts: D0 + [0, 1, 5, 6][k] * DAY_MS }));
    const merged = [...ref, ...gap].sort((a, b) => a.ts - b.ts || a.symbol.localeCompare(b.symbol));
    const { result } = await runScripted(merged, scripted(() => undefined), { universe: ['GAP', 'REF'] });
    expect(result.coverage[0].longestGap).toEqual({ fromTs: D0 + DAY_MS, toTs: D0 + 5 * DAY_MS, missedSlices: 3 });
    expect(result.coverage[1].longestGap).toEqual({ fromTs: D0, toTs: D0 + DAY_MS, missedSlices: 0 });
  });

  test('a symbol with no bar at t is not tradable at t; a position in it is marked at its last close', async () => {
    // Buy 10 AAA at day 0's close (100); ask to sell them on day 2, when AAA has no bar.
    const strategy = scripted((i) => (i === 0 ? [buy('AAA', 10)] : i === 2 ? [sell('AAA', 10)] : undefined));
    const { result } = await runScripted(bars, strategy, { universe: ['AAA', 'BBB', 'CCC'], fillTiming: 'close' });
    expect(result.fills.map((f) => [f.side, f.qty, f.price])).toEqual([['buy', 10, 100]]);
    // cash 100,000 − 1,000; the 10 shares at AAA's last close 110 on days 1 and 2: 99,000 + 1,100 = 100,100.
    expect(Array.from(result.equity.equity.subarray(0, 3))).toEqual([100_000, 100_100, 100_100]);
    expect(result.openPositions).toMatchObject([{ symbol: 'AAA', qty: 10, lastPrice: 110 }]);
    expect(result.orders.find((o) => o.side === 'sell')).toMatchObject({ status: 'cancelled', filledQty: 0 });
  });

  test('run.end carries what the caller adds from the result, beside the engine’s own fields', async () => {
    const journal = new MemoryJournal(fixedClock(0));
    await runScripted(bars, scripted(() => undefined), { journal, universe: ['AAA', 'BBB', 'CCC'], end: async (r) => ({ lastOfAAA: r.coverage[0].lastTs, status: 'overridden?' }) });
    const end = journal.entries.at(-1)!;
    expect(end.kind).toBe('run.end');
    // The engine's status wins over a caller's key of the same name.
    expect(end.data).toMatchObject({ lastOfAAA: D0 + DAY_MS, status: 'completed', slices: 3 });
  });
});

describe('risk rejections by rule', () => {
  test('each failing rule of a rejection is counted under its name', async () => {
    // Equity stays 100,000 until something fills. Day 0: 20 BBB at 50 = 1,000 > 500 notional and 1 % > 0.1 % weight.
    // Day 1: 1 BBB at 51 passes both (51, 0.051 %). Day 2: 5 BBB at 52 = 260 passes notional; (1 + 5) × 52 = 312 → 0.312 % fails weight.
    const strategy = scripted((i) => [buy('BBB', [20, 1, 5][i])]);
    const { result } = await runScripted(bars, strategy, { universe: ['AAA', 'BBB', 'CCC'], fillTiming: 'close', risk: createRiskManager({ maxOrderNotional: 500, maxPositionWeight: 0.001 }) });
    expect(result.counts.riskRejected).toBe(2);
    expect(result.counts.approved).toBe(1);
    expect(result.riskRejectionsByRule).toEqual({ maxOrderNotional: 1, maxPositionWeight: 2 });
  });
});
