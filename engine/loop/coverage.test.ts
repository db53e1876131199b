import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../domain/time.ts';
import { MemoryJournal } from '../journal/memory-journal.ts';
import { createRiskManager } from '../risk/risk-manager.ts';
import { fixedClock } from './clock.ts';
import { MAX_HOLES } from './engine.ts';
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
      { symbol: 'AAA', bars: 2, firstTs: D0, lastTs: D0 + DAY_MS, holes: [], holeCount: 0 },
      { symbol: 'BBB', bars: 3, firstTs: D0, lastTs: D0 + 2 * DAY_MS, holes: [], holeCount: 0 },
      { symbol: 'CCC', bars: 1, firstTs: D0 + DAY_MS, lastTs: D0 + DAY_MS, holes: [], holeCount: 0 },
    ]);
  });

  test('every hole by the rule given: more than minMs between two bars, or minMissedSlices slices of others inside', async () => {
    // GAP trades on days 0, 1, 5, 6, 20 and 21; REF every day 0..21. With holes of > 10 days or ≥ 3 missed slices:
    // day 1 → 5 (3 missed: a hole by count), day 6 → 20 (14 days, 13 missed: both). REF has none.
    const days = [0, 1, 5, 6, 20, 21];
    const ref = dailyBars('REF', Array.from({ length: 22 }, () => [10, 10, 10, 10]));
    const gap = dailyBars('GAP', days.map(() => [20, 20, 20, 20])).map((b, k) => ({ ...b, ts: D0 + days[k] * DAY_MS }));
    const merged = [...ref, ...gap].sort((a, b) => a.ts - b.ts || a.symbol.localeCompare(b.symbol));
    const run = (minMissedSlices: number) => runScripted(merged, scripted(() => undefined), { universe: ['GAP', 'REF'], engine: { holes: { minMs: 10 * DAY_MS, minMissedSlices } } });
    const { result } = await run(3);
    expect(result.coverage[0].holes).toEqual([
      { fromTs: D0 + DAY_MS, toTs: D0 + 5 * DAY_MS, missedSlices: 3 },
      { fromTs: D0 + 6 * DAY_MS, toTs: D0 + 20 * DAY_MS, missedSlices: 13 },
    ]);
    expect([result.coverage[0].holeCount, result.coverage[1].holeCount]).toEqual([2, 0]);
    // Counting only from 4 missed slices on, day 1 → 5 is no hole.
    expect((await run(4)).result.coverage[0].holes.map((h) => h.fromTs)).toEqual([D0 + 6 * DAY_MS]);
    // Without a rule nothing is looked for.
    expect((await runScripted(merged, scripted(() => undefined), { universe: ['GAP', 'REF'] })).result.coverage[0].holeCount).toBe(0);
  });

  test('holes past MAX_HOLES are counted, not kept', async () => {
    // ONE trades every 12th day, REF daily: every gap between ONE's bars is a hole (> 10 days).
    const n = MAX_HOLES + 6;
    const ref = dailyBars('REF', Array.from({ length: n * 12 + 1 }, () => [10, 10, 10, 10]));
    const one = dailyBars('ONE', Array.from({ length: n + 1 }, () => [5, 5, 5, 5])).map((b, k) => ({ ...b, ts: D0 + k * 12 * DAY_MS }));
    const merged = [...one, ...ref].sort((a, b) => a.ts - b.ts || a.symbol.localeCompare(b.symbol));
    const { result } = await runScripted(merged, scripted(() => undefined), { universe: ['ONE', 'REF'], engine: { holes: { minMs: 10 * DAY_MS, minMissedSlices: Infinity } } });
    expect(result.coverage[0].holeCount).toBe(n);
    expect(result.coverage[0].holes).toHaveLength(MAX_HOLES);
    expect(result.coverage[0].holes[0]).toEqual({ fromTs: D0, toTs: D0 + 12 * DAY_MS, missedSlices: 11 });
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
