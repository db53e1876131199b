import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openStore, type Store } from '../../data/index.ts';
import { bars, series, tempDbPath } from '../../data/store/test-kit.ts';
import { MemoryJournal, roundCents } from '../../engine/index.ts';
import { runBacktest } from './run-backtest.ts';

const N = 300_000; // more than two equity slabs, so the curve streams to the store in several writes
const CONFIG = { symbols: ['SYN'], timeframe: '1Min', session: 'all', strategy: 'sma-cross', params: { fast: '10', slow: '30' } };

let store: Store;
let cleanup: () => void;
beforeEach(async () => {
  let path: string;
  ({ path, cleanup } = tempDbPath());
  store = await openStore(path);
  const ts = series(Date.UTC(2020, 0, 1), 60_000, N);
  await store.importBars([bars('SYN', '1Min', ts, { price: (i) => 100 + 10 * Math.sin(i / 500) + 3 * Math.sin(i / 37) })]);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

describe('runBacktest stores what it streamed', () => {
  test('the stored run equals the in-memory one: same report and metrics, every equity point', async () => {
    const memory = await runBacktest(store, CONFIG, { persist: false, journal: new MemoryJournal({ now: () => 0 }) });
    const stored = await runBacktest(store, CONFIG, { now: () => 0 });
    expect(JSON.stringify(stored)).toBe(JSON.stringify(memory));
    const run = await store.getRun(stored.runId);
    expect(JSON.stringify(run.result)).toBe(JSON.stringify(stored));
    const curve = await store.getEquity(stored.runId);
    expect(curve.length).toBe(N);
    expect(roundCents(curve.equity[N - 1])).toBe(stored.metrics.finalEquity);
  });

  test('metrics from equity read back from the store equal those from equity kept in memory', async () => {
    const kept = await runBacktest(store, CONFIG, { now: () => 0 });
    const readBack = await runBacktest(store, CONFIG, { now: () => 0, keepEquityUpTo: 0 });
    expect(JSON.stringify(readBack)).toBe(JSON.stringify(kept));
  });

  test('a run that fails leaves no run and no equity behind', async () => {
    const journal = new MemoryJournal({ now: () => 0 });
    let flushes = 0;
    journal.flush = async () => {
      if (++flushes === 1) throw new Error('journal unavailable');
    };
    await expect(runBacktest(store, CONFIG, { journal })).rejects.toThrow('journal unavailable');
    expect(await store.listRuns()).toEqual([]);
  });
});

describe('warnings', () => {
  test('a run whose every order ended unfilled says so with the first reason (cash 50 buys no share at ~100)', async () => {
    const report = await runBacktest(store, { ...CONFIG, strategy: 'buy-and-hold', params: {}, cash: 50 }, { persist: false, journal: new MemoryJournal({ now: () => 0 }) });
    expect(report.counts).toMatchObject({ orders: 1, fills: 0 });
    const warning = report.warnings.find((w) => w.startsWith('no order filled'));
    expect(warning).toMatch(/^no order filled: all 1 ended cancelled or rejected; the first \(cancelled\): target weight 1 of equity 50\.00 buys no whole share at \d+\.\d{2}$/);
    const traded = await runBacktest(store, { ...CONFIG, strategy: 'buy-and-hold', params: {} }, { persist: false, journal: new MemoryJournal({ now: () => 0 }) });
    expect(traded.warnings.some((w) => w.startsWith('no order filled'))).toBe(false);
  });
});

describe('identical runs at the same time', () => {
  test('execute one after the other under their one run id: the second is answered from the first, or with a rerun follows it', async () => {
    let reused = 0;
    const options = { reuseStored: true, onReused: () => reused++ };
    const [a, b] = await Promise.all([runBacktest(store, CONFIG, options), runBacktest(store, CONFIG, options)]);
    expect(reused).toBe(1);
    expect(b).toEqual(a);
    const starts = async () => (await store.queryJournal({ runId: a.runId, kind: 'run.start', limit: 100 })).map((e) => e.seq);
    expect(await starts()).toHaveLength(1);

    // Two executions (no reuse) run in turn: the second starts after the first has ended, never interleaved.
    await Promise.all([runBacktest(store, CONFIG), runBacktest(store, CONFIG)]);
    const ends = (await store.queryJournal({ runId: a.runId, kind: 'run.end', limit: 100 })).map((e) => e.seq);
    const all = await starts();
    expect(all).toHaveLength(3);
    expect(ends).toHaveLength(3);
    for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThan(ends[i - 1]);
  });
});

describe('a stopped re-execution', () => {
  const stopAfter = (slices: number) => {
    const controller = new AbortController();
    return { abort: controller.signal, onProgress: (done: number) => (done >= slices ? controller.abort() : undefined) };
  };

  test('never replaces the completed run stored under its id: the stored run, its curve and metrics stay as they were', async () => {
    const first = await runBacktest(store, CONFIG, { now: () => 1 });
    const before = { run: await store.getRun(first.runId), curve: await store.getEquity(first.runId) };
    const again = await runBacktest(store, CONFIG, { now: () => 2, ...stopAfter(100_000) });
    expect(again.runId).toBe(first.runId);
    expect(again.status).toBe('cancelled');
    expect(again.warnings.at(-1)).toBe(`this re-execution was cancelled and not stored: the completed run ${first.runId} stored earlier is kept (tradebook runs show ${first.runId})`);
    const after = { run: await store.getRun(first.runId), curve: await store.getEquity(first.runId) };
    expect(after.run).toEqual(before.run);
    expect(after.curve.length).toBe(N);
    expect(after.curve.equity).toEqual(before.curve.equity);
    // The journal tells both executions; the chain and the stored metrics still verify.
    const ends = (await store.queryJournal({ runId: first.runId, kind: 'run.end' })).map((e) => (e.data as { status: string }).status);
    expect(ends).toEqual(['completed', 'cancelled']);
    expect((await store.verifyJournal()).ok).toBe(true);
  });

  test('of a run never completed is stored as cancelled, as far as it got', async () => {
    const stopped = await runBacktest(store, CONFIG, { now: () => 1, ...stopAfter(100_000) });
    expect(stopped.status).toBe('cancelled');
    const run = await store.getRun(stopped.runId);
    expect(run.status).toBe('cancelled');
    expect(run.equityPoints).toBeGreaterThanOrEqual(100_000);
    expect(run.equityPoints).toBeLessThan(N);
  });
});

