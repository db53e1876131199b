import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { BarBatch } from '../../engine/index.ts';
import { openStore, type Store } from './store.ts';
import { bars, collect, series, tempDbPath, tickingClock, withRawDb } from './test-kit.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.parse('2024-07-15T13:00:00Z'); // 09:00 New York (EDT)
const UNIVERSE = ['SPY', 'AAPL', 'MSFT']; // deliberately not alphabetical
const PRICE_BASE: Record<string, number> = { SPY: 100, AAPL: 200, MSFT: 300 };
const TS: Record<string, number[]> = {
  SPY: series(T0, MIN, 20),
  AAPL: series(T0, 2 * MIN, 10),
  MSFT: series(T0 + 5 * MIN, MIN, 21),
};

let store: Store;
let path: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ path, cleanup } = tempDbPath());
  store = await openStore(path, { clock: tickingClock() });
  await store.importBars(UNIVERSE.map((s) => bars(s, '1Min', TS[s], { price: (i) => PRICE_BASE[s] + i })));
});
afterEach(async () => {
  await store.close();
  cleanup();
});

type Row = [ts: number, symbol: string, close: number];
function rowsOf(batches: readonly BarBatch[], universe: readonly string[]): Row[] {
  return batches.flatMap((b) => Array.from({ length: b.length }, (_, i): Row => [b.ts[i], universe[b.symbol[i]], b.close[i]]));
}
function expected(universe: readonly string[], keep: (ts: number) => boolean = () => true): Row[] {
  const rows = universe.flatMap((s) => TS[s].map((t, i): Row => [t, s, PRICE_BASE[s] + i])).filter((r) => keep(r[0]));
  return rows.sort((a, b) => a[0] - b[0] || universe.indexOf(a[1]) - universe.indexOf(b[1]));
}

describe('openFeed', () => {
  test('rows come in (ts, universe index) order with the symbol index of the given universe', async () => {
    const feed = await store.openFeed({ symbols: UNIVERSE, timeframe: '1Min' });
    expect(feed.universe).toEqual(UNIVERSE);
    const batches = await collect(feed.batches());
    const want = expected(UNIVERSE);
    expect(rowsOf(batches, UNIVERSE)).toEqual(want);
    expect(feed.count).toBe(want.length);
    expect(feed.slices).toBe(new Set(want.map((r) => r[0])).size);
    expect([feed.firstTs, feed.lastTs]).toEqual([T0, T0 + 25 * MIN]);
  });

  test.each([1, 2, 3, 5, 7, 64])('batchSize %i: same rows, and no slice spans two batches', async (batchSize) => {
    const feed = await store.openFeed({ symbols: UNIVERSE, timeframe: '1Min', batchSize });
    const batches = await collect(feed.batches());
    expect(rowsOf(batches, UNIVERSE)).toEqual(expected(UNIVERSE));
    for (let i = 1; i < batches.length; i++) expect(batches[i].ts[0]).not.toBe(batches[i - 1].ts[batches[i - 1].length - 1]);
    for (const b of batches) {
      const oneSlice = b.ts[0] === b.ts[b.length - 1];
      expect(b.length <= batchSize || oneSlice).toBe(true);
    }
  });

  test('several sort windows deliver exactly the rows of one', async () => {
    const one = await collect((await store.openFeed({ symbols: UNIVERSE, timeframe: '1Min', batchSize: 4 })).batches());
    const many = await collect((await store.openFeed({ symbols: UNIVERSE, timeframe: '1Min', batchSize: 4, windowRows: 5 })).batches());
    expect(rowsOf(many, UNIVERSE)).toEqual(rowsOf(one, UNIVERSE));
  });

  test('from and to are inclusive', async () => {
    const from = T0 + 4 * MIN;
    const to = T0 + 10 * MIN;
    const feed = await store.openFeed({ symbols: UNIVERSE, timeframe: '1Min', from, to });
    const rows = rowsOf(await collect(feed.batches()), UNIVERSE);
    expect(rows).toEqual(expected(UNIVERSE, (t) => t >= from && t <= to));
    expect([feed.firstTs, feed.lastTs]).toEqual([from, to]);
  });

  test("session 'regular' keeps 09:30–16:00 New York bars, in summer and winter; daily bars are all kept", async () => {
    const summer = series(Date.parse('2024-07-15T12:00:00Z'), 30 * MIN, 24); // 08:00–19:30 EDT
    const winter = series(Date.parse('2024-01-16T12:00:00Z'), 30 * MIN, 24); // 07:00–18:30 EST
    await store.importBars([bars('QQQ', '1Min', [...winter, ...summer]), bars('QQQ', '1Day', series(Date.UTC(2024, 0, 2), DAY, 5))]);
    const regular = await store.openFeed({ symbols: ['QQQ'], timeframe: '1Min', session: 'regular' });
    const got = rowsOf(await collect(regular.batches()), ['QQQ']).map((r) => new Date(r[0]).toISOString().slice(0, 16));
    const utcHours = (day: string, from: number, to: number) => Array.from({ length: (to - from) * 2 }, (_, i) => `${day}T${String(from + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);
    expect(got).toEqual([...utcHours('2024-01-16', 14, 21).slice(1), ...utcHours('2024-07-15', 13, 20).slice(1)].sort());
    expect(regular.count).toBe(got.length);
    const daily = await store.openFeed({ symbols: ['QQQ'], timeframe: '1Day', session: 'regular' });
    expect(daily.count).toBe(5);
    await daily.close();
  });

  test('fingerprint: stable across reopen, changed by one modified bar, by the universe order, not by bounds that select the same rows', async () => {
    const fp = async (q: Partial<Parameters<Store['openFeed']>[0]> = {}) => {
      const feed = await store.openFeed({ symbols: UNIVERSE, timeframe: '1Min', ...q });
      await feed.close();
      return feed.fingerprint;
    };
    const before = await fp();
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(await fp({ from: T0 - DAY, to: T0 + DAY })).toBe(before);
    expect(await fp({ symbols: [...UNIVERSE].reverse() })).not.toBe(before);
    await store.close();
    store = await openStore(path);
    expect(await fp()).toBe(before);
    await store.close();
    await withRawDb(path, (c) => c.run(`UPDATE bars SET volume = volume + 1 WHERE symbol = 'AAPL' AND ts = ${T0 + 4 * MIN}`));
    store = await openStore(path);
    expect(await fp()).not.toBe(before);
  });

  test('a symbol without bars of the timeframe is an error naming it and what the store has', async () => {
    await store.importBars([bars('QQQ', '1Day', [Date.UTC(2024, 0, 2)])]);
    await expect(store.openFeed({ symbols: ['SPY', 'QQQ', 'NOPE'], timeframe: '1Min' })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/no 1Min bars for QQQ, NOPE; the store has AAPL 1Min, MSFT 1Min, QQQ 1Day, SPY 1Min/),
    });
  });

  test('2,000 unknown symbols are named by the first 20 and a count, not all echoed', async () => {
    const symbols = Array.from({ length: 2000 }, (_, i) => `NO${i}`);
    const err = await store.openFeed({ symbols, timeframe: '1Min' }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toContain(`no 1Min bars for ${symbols.slice(0, 20).join(', ')} and 1980 more; the store has`);
    expect(err!.message.length).toBeLessThan(400);
  });

  test('a symbol with bars but none in range is allowed; an empty selection has count 0', async () => {
    const feed = await store.openFeed({ symbols: ['SPY'], timeframe: '1Min', from: T0 + DAY });
    expect([feed.count, feed.slices]).toEqual([0, 0]);
    expect(await collect(feed.batches())).toEqual([]);
  });

  test('reads one snapshot: bars imported after openFeed are not delivered; batches() is one pass', async () => {
    const feed = await store.openFeed({ symbols: ['SPY'], timeframe: '1Min' });
    await store.importBars([bars('SPY', '1Min', series(T0 + 20 * MIN, MIN, 5), { file: 'more.csv' })]);
    const rows = rowsOf(await collect(feed.batches()), ['SPY']);
    expect(rows.length).toBe(20);
    expect(feed.count).toBe(20);
    expect(() => feed.batches()).toThrow(/already/);
  });

  test('stopping early releases the feed; the store keeps working and closes cleanly', async () => {
    const feed = await store.openFeed({ symbols: UNIVERSE, timeframe: '1Min', batchSize: 2 });
    for await (const batch of feed.batches()) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    await feed.close();
    expect((await store.importBars([bars('SPY', '1Min', TS.SPY)])).unchanged).toBe(20);
    const unread = await store.openFeed({ symbols: ['SPY'], timeframe: '1Min' });
    expect(unread.count).toBe(20); // left open: store.close() releases it
  });

  test.each([
    [{ symbols: [] }, /symbols must be a non-empty list/],
    [{ symbols: ['SPY', 'SPY'] }, /listed twice/],
    [{ timeframe: '2Min' }, /timeframe must be one of/],
    [{ from: Number.NaN }, /from must be epoch milliseconds/],
    [{ session: 'extended' }, /session must be/],
    [{ batchSize: 0 }, /batchSize must be a whole number/],
  ])('refuses an invalid query %#', async (patch, message) => {
    await expect(store.openFeed({ symbols: ['SPY'], timeframe: '1Min', ...(patch as object) })).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(message) });
  });
});
