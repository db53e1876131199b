import { describe, expect, test } from 'vitest';
import { MemoryJournal } from '../journal/memory-journal.ts';
import { createRiskManager } from '../risk/risk-manager.ts';
import { fixedClock } from './clock.ts';
import { dailyBars, runScripted, scripted, buy, sell } from './test-kit.ts';

// Known value 1: D1 (O 99 H 101 L 98 C 100), D2 (101, 106, 100, 105), D3 (107, 108, 104, 106).
const D = dailyBars('AAA', [
  [99, 101, 98, 100],
  [101, 106, 100, 105],
  [107, 108, 104, 106],
]);

describe('no look-ahead and fill timing', () => {
  test('buy 100 when close > 103: decided on D2, fills at D3 open 107; P&L at D3 close is -100', async () => {
    const strategy = scripted((_i, ctx, slice) => (slice.batch.close[slice.start] > 103 && ctx.position(0) === 0 && !ctx.hasOpenOrder(0) ? [buy('AAA', 100)] : undefined));
    const { result } = await runScripted(D, strategy, { cash: 100_000 });
    expect(result.fills).toHaveLength(1);
    expect(result.fills[0].price).toBe(107);
    expect(result.fills[0].ts).toBe(D[2].ts);
    // equity at D3 close = cash 100,000 - 10,700 + 100 × 106 = 99,900 → P&L -100
    expect(result.equity.equity[2] - 100_000).toBeCloseTo(-100, 9);
  });

  test('--fill close fills at the decision bar close, for entries and exits', async () => {
    const strategy = scripted((i) => (i === 0 ? [buy('AAA', 10)] : i === 1 ? [sell('AAA', 10)] : undefined));
    const { result } = await runScripted(D, strategy, { fillTiming: 'close' });
    expect(result.fills.map((f) => [f.side, f.price, f.ts])).toEqual([
      ['buy', 100, D[0].ts],
      ['sell', 105, D[1].ts],
    ]);
    // 10 × (105 − 100) = 50
    expect(result.trades[0].pnl).toBeCloseTo(50, 9);
  });

  test('next-open exits fill at the next open too', async () => {
    const strategy = scripted((i) => (i === 0 ? [buy('AAA', 10)] : i === 1 ? [sell('AAA', 10)] : undefined));
    const { result } = await runScripted(D, strategy);
    expect(result.fills.map((f) => [f.side, f.price])).toEqual([
      ['buy', 101],
      ['sell', 107],
    ]);
  });

  test('a decision on bar t never sees bar t+1', async () => {
    const seen: number[] = [];
    const strategy = scripted((_i, _ctx, slice) => {
      seen.push(slice.batch.close[slice.end - 1]);
      // The slice is the whole visible present: its batch may hold later rows, but the slice ends at t.
      expect(slice.end - slice.start).toBe(1);
      return undefined;
    });
    await runScripted(D, strategy);
    expect(seen).toEqual([100, 105, 106]);
  });

  test('an order decided on the last bar never fills and ends cancelled with a reason', async () => {
    const strategy = scripted((i) => (i === 2 ? [buy('AAA', 1)] : undefined));
    const { result } = await runScripted(D, strategy);
    expect(result.fills).toHaveLength(0);
    expect(result.orders[0].status).toBe('cancelled');
    expect(result.orders[0].reason).toMatch(/run ended/);
  });

  test('decide is not asked before warm-up', async () => {
    const strategy = scripted(() => undefined, 2);
    await runScripted(D, strategy);
    expect(strategy.decidedAt).toEqual([1, 2]);
  });

  test('a symbol with no bar at t is not tradable at t', async () => {
    // BBB has no bar on day 2: an order for it decided on day 1 waits for day 3's bar.
    const a = dailyBars('AAA', [[10, 10, 10, 10], [11, 11, 11, 11], [12, 12, 12, 12]]);
    const b = dailyBars('BBB', [[20, 20, 20, 20], [0, 0, 0, 0], [22, 23, 21, 22]]).filter((_, i) => i !== 1);
    const bars = [...a, ...b].sort((x, y) => x.ts - y.ts || x.symbol.localeCompare(y.symbol));
    const strategy = scripted((i) => (i === 0 ? [buy('BBB', 5)] : undefined));
    const { result } = await runScripted(bars, strategy);
    expect(result.fills).toHaveLength(1);
    expect(result.fills[0]).toMatchObject({ symbol: 'BBB', price: 22, ts: a[2].ts });
  });

  test('same input twice gives identical results and journal hashes', async () => {
    const make = () => scripted((i) => (i === 0 ? [buy('AAA', 10)] : i === 1 ? [sell('AAA', 10)] : undefined));
    const one = await runScripted(D, make());
    const two = await runScripted(D, make());
    expect(JSON.stringify(two.result.fills)).toBe(JSON.stringify(one.result.fills));
    expect(two.journal.entries.map((e) => e.hash)).toEqual(one.journal.entries.map((e) => e.hash));
  });
});

describe('broken invariants', () => {
  test('a strategy that throws stops the run and the journal records why', async () => {
    const strategy = scripted((i) => {
      if (i === 1) throw new Error('indicator state corrupt');
      return undefined;
    });
    const journal = new MemoryJournal(fixedClock(0));
    await expect(runScripted(D, strategy, { journal })).rejects.toThrow('indicator state corrupt');
    const end = journal.entries.at(-1)!;
    expect(end).toMatchObject({ kind: 'run.end', data: { status: 'failed', error: 'indicator state corrupt', slices: 1 } });
  });
});

describe('risk gate in the loop', () => {
  test('a drawdown halt stays tripped after equity recovers; exits still pass', async () => {
    // Long 100 from 100 with all 10,000 in; the price falls to 70 (equity 7,000: 30 % below the mark) and
    // recovers to 95 (5 % below). Adding then is refused by the latched halt; the exit still passes.
    const bars = dailyBars('AAA', [
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [70, 70, 70, 70],
      [95, 95, 95, 95],
      [95, 95, 95, 95],
      [95, 95, 95, 95],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 100)] : i === 3 ? [buy('AAA', 1)] : i === 4 ? [sell('AAA', 100)] : undefined));
    const { result } = await runScripted(bars, s, { cash: 10_100, risk: createRiskManager({ maxDrawdown: 0.2 }) });
    expect(result.fills.map((f) => [f.side, f.price])).toEqual([
      ['buy', 100],
      ['sell', 95],
    ]);
    expect(result.rejections).toHaveLength(1);
    expect(result.rejections[0]).toMatchObject({ stage: 'risk', reason: 'the drawdown reached 29.70% earlier in the run (limit 20.00%): new risk stays halted' });
  });
});

describe('a market entry’s bracket is held to the close it is decided at', () => {
  test('a buy whose stop-loss is above the decision close (100) becomes HOLD, journalled with why; a sane one trades', async () => {
    const journal = new MemoryJournal(fixedClock(0));
    const strategy = scripted((i) => (i === 0 ? [buy('AAA', 10, { stopLoss: 101 }), sell('AAA', 5, { takeProfit: 100 }), buy('AAA', 10, { stopLoss: 95, takeProfit: 110 })] : undefined));
    const { result } = await runScripted(D, strategy, { journal });
    expect(result.counts).toMatchObject({ invalid: 2, signals: 1 });
    const refused = journal.entries.filter((e) => e.kind === 'signal.invalid').map((e) => (e.data as { issues: string; outcome: string }));
    expect(refused).toEqual([
      expect.objectContaining({ outcome: 'HOLD', issues: "stopLoss: expected a stop-loss below the last close 100 (a buy's bracket), got 101" }),
      expect.objectContaining({ outcome: 'HOLD', issues: "takeProfit: expected a take-profit below the last close 100 (a sell's bracket), got 100" }),
    ]);
    // The sane bracket: bought 10 at D2's open 101; D2's low 100 and high 106 touch neither 95 nor 110.
    expect(result.fills.map((f) => [f.side, f.qty, f.price])).toEqual([['buy', 10, 101]]);
  });
});
