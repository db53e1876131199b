import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openStore, type Store } from './store.ts';
import { REPLACED_DETAIL_LIMIT } from './import-report.ts';
import { bars, collect, rawCount, series, tempDbPath, tickingClock } from './test-kit.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);
let store: Store;
let path: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ path, cleanup } = tempDbPath());
  store = await openStore(path, { clock: tickingClock() });
});
afterEach(async () => {
  await store.close();
  cleanup();
});

describe('importBars', () => {
  test('imports, and re-importing the same file changes nothing', async () => {
    const spy = bars('SPY', '1Day', series(T0, DAY, 50));
    const first = await store.importBars([spy]);
    expect(first).toMatchObject({ inserted: 50, unchanged: 0, replaced: 0, replacedDetails: [] });
    expect(first.files[0]).toMatchObject({ file: 'SPY-1Day.csv', rows: 50, inserted: 50, firstTs: T0, lastTs: T0 + 49 * DAY });
    expect(first.files[0].contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await store.importBars([spy]);
    expect(again).toMatchObject({ inserted: 0, unchanged: 50, replaced: 0 });
    expect(again.files[0].contentSha256).toBe(first.files[0].contentSha256);
    expect(await store.listSeries()).toEqual([{ symbol: 'SPY', timeframe: '1Day', firstTs: T0, lastTs: T0 + 49 * DAY, count: 50 }]);
  });

  test('a differing bar replaces the stored one and is reported with old and new values', async () => {
    await store.importBars([bars('SPY', '1Day', series(T0, DAY, 5))]);
    const changed = bars('SPY', '1Day', series(T0, DAY, 6), { price: (i) => (i === 2 ? 200 : 100 + i) });
    const report = await store.importBars([changed]);
    expect(report).toMatchObject({ inserted: 1, unchanged: 4, replaced: 1 });
    expect(report.replacedDetails).toEqual([
      {
        file: 'SPY-1Day.csv',
        symbol: 'SPY',
        timeframe: '1Day',
        ts: T0 + 2 * DAY,
        old: { open: 101.5, high: 103, low: 101, close: 102, volume: 1002 },
        new: { open: 199.5, high: 201, low: 199, close: 200, volume: 1002 },
      },
    ]);
    const feed = await store.openFeed({ symbols: ['SPY'], timeframe: '1Day' });
    const [batch] = await collect(feed.batches());
    expect(Array.from(batch.close)).toEqual([100, 101, 200, 103, 104, 105]);
  });

  test('replaced bars are listed up to the limit, the total is always counted', async () => {
    await store.importBars([bars('SPY', '1Day', series(T0, DAY, 30))]);
    const report = await store.importBars([bars('SPY', '1Day', series(T0, DAY, 30), { price: (i) => 500 + i })]);
    expect(report.replaced).toBe(30);
    expect(report.replacedDetails).toHaveLength(REPLACED_DETAIL_LIMIT);
    expect(report.replacedDetails[0].ts).toBe(T0);
  });

  test('all or nothing: a refused second file rolls back the first, names the file and bar, and stores no journal entry', async () => {
    const good = bars('AAA', '1Day', series(T0, DAY, 10));
    const bad = bars('BBB', '1Day', series(T0, DAY, 10), { file: 'bbb.csv' });
    bad.high[3] = 50; // below low: the bars table's CHECK refuses the insert
    await expect(store.importBars([good, bad])).rejects.toMatchObject({ name: 'StoreError', code: 'invalid', message: expect.stringMatching(/bbb\.csv: bar 4 \(2024-01-05\): high 50 is below low/) });
    expect(await store.listSeries()).toEqual([]);
    expect(await store.queryJournal()).toEqual([]);
    // The attempt itself is journalled, buffered until the next flush.
    await store.journal().flush();
    const entries = await store.queryJournal({ kind: 'data.import' });
    expect(entries.map((e) => [e.symbol, (e.data as { outcome: string }).outcome])).toEqual([
      ['AAA', 'rolled_back'],
      ['BBB', 'rolled_back'],
    ]);
  });

  test('a failing file leaves previously stored bars exactly as they were', async () => {
    await store.importBars([bars('AAA', '1Day', series(T0, DAY, 3))]);
    const update = bars('AAA', '1Day', series(T0, DAY, 3), { price: () => 300 });
    const bad = bars('BBB', '1Day', [T0], { file: 'bbb.csv' });
    bad.volume[0] = -1;
    await expect(store.importBars([update, bad])).rejects.toThrow(/bbb\.csv: bar 1 .*volume/);
    const feed = await store.openFeed({ symbols: ['AAA'], timeframe: '1Day' });
    const [batch] = await collect(feed.batches());
    expect(Array.from(batch.close)).toEqual([100, 101, 102]);
  });

  test('journals one data.import entry per file in the same transaction', async () => {
    const report = await store.importBars([bars('AAA', '1Day', series(T0, DAY, 3)), bars('BBB', '1Min', series(T0, 60_000, 4))]);
    expect(store.journal().pendingCount).toBe(0);
    const entries = await store.queryJournal({ kind: 'data.import' });
    expect(entries.map((e) => e.seq)).toEqual(report.files.map((f) => f.journalSeq));
    expect(entries[1].data).toEqual({ ...report.files[1], journalSeq: undefined, outcome: 'imported' } as never);
    expect((await store.verifyJournal()).ok).toBe(true);
  });

  test.each([
    ['descending timestamps', () => bars('X', '1Day', [T0 + DAY, T0]), /bar 2: timestamp .* is not after/],
    ['duplicate timestamps', () => bars('X', '1Day', [T0, T0]), /bar 2: timestamp .* is not after/],
    ['fractional ms', () => bars('X', '1Day', [T0 + 0.5]), /not whole epoch milliseconds/],
    ['bad timeframe', () => ({ ...bars('X', '1Day', [T0]), timeframe: '2Day' as never }), /timeframe must be one of/],
    ['blank symbol', () => bars(' ', '1Day', [T0]), /symbol must be/],
  ])('refuses %s before touching the database', async (_name, make, message) => {
    await expect(store.importBars([make()])).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(message) });
    expect(store.journal().pendingCount).toBe(0);
  });

  test('reports progress in rows, per merge round (one per file of the same series), and accepts an empty list', async () => {
    const seen: [number, number][] = [];
    await store.importBars([bars('A', '1Day', series(T0, DAY, 2)), bars('A', '1Day', series(T0 + 5 * DAY, DAY, 3))], { onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([
      [0, 5],
      [2, 5],
      [5, 5],
    ]);
    expect(await store.importBars([])).toEqual({ files: [], inserted: 0, unchanged: 0, replaced: 0, replacedDetails: [] });
  });

  test('two files of one series in one import: the later file wins', async () => {
    const report = await store.importBars([bars('A', '1Day', series(T0, DAY, 3)), bars('A', '1Day', series(T0 + DAY, DAY, 3), { price: () => 7 })]);
    expect(report.files.map((f) => [f.inserted, f.unchanged, f.replaced])).toEqual([
      [3, 0, 0],
      [1, 0, 2],
    ]);
    await store.close();
    expect(await rawCount(path, 'bars')).toBe(4);
    store = await openStore(path);
  });
});
