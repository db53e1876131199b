import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openStore, runOnStore, type Store } from './store.ts';
import { tempDbPath } from './test-kit.ts';

const pointsOf = (store: Store, runId: string) => runOnStore(store, async (c) => Number((await c.runAndReadAll('SELECT count(*) FROM run_points JOIN runs USING (run_no) WHERE run_id = $1', [runId])).getRowsJS()[0][0]), 'count');

const T0 = Date.UTC(2024, 0, 2);
const MIN = 60_000;

function slab(from: number, n: number): { ts: Float64Array; equity: Float64Array } {
  return { ts: Float64Array.from({ length: n }, (_, i) => T0 + (from + i) * MIN), equity: Float64Array.from({ length: n }, (_, i) => 100_000 + Math.sin(from + i) * 50) };
}

const fields = (runId: string, points: number) => ({
  runId,
  createdAt: 1,
  status: 'completed' as const,
  strategy: 'sma-cross',
  symbols: ['SPY'],
  timeframe: '1Min' as const,
  fromTs: T0,
  toTs: T0 + (points - 1) * MIN,
  config: { cash: 100_000 },
  metrics: {},
  result: {},
});

let store: Store;
let path: string;
let cleanup: () => void;
beforeEach(async () => {
  ({ path, cleanup } = tempDbPath());
  store = await openStore(path);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

describe('run writer', () => {
  test('slabs appended, read back in order, committed: the stored curve is every point in order', async () => {
    // An older run in the table, so the read-back has to skip rows that are not this run's.
    const old = slab(0, 5000);
    await store.saveRun({ ...fields('bt-old', 5000), equity: { ...old, length: 5000 } });
    const w = await store.beginRun('bt-1');
    const sizes = [1, 130_000, 7, 122_880, 2048];
    let at = 0;
    for (const n of sizes) {
      const s = slab(at, n);
      await w.appendEquity(s.ts, s.equity, n);
      at += n;
    }
    const back: number[] = [];
    await w.readEquity((e, n) => back.push(...e.subarray(0, n)));
    const all = slab(0, at);
    expect(back).toEqual(Array.from(all.equity));
    // Nothing is visible to others before the commit.
    expect((await store.listRuns()).map((r) => r.runId)).toEqual(['bt-old']);
    await w.commit(fields('bt-1', at));
    const stored = await store.getEquity('bt-1');
    expect(stored.length).toBe(at);
    expect(Array.from(stored.ts)).toEqual(Array.from(all.ts));
    expect(Array.from(stored.equity)).toEqual(Array.from(all.equity));
    expect((await store.getRun('bt-1')).equityPoints).toBe(at);
  });

  test('abort leaves no trace, and a replaced run keeps its old curve until the new one commits', async () => {
    const s = slab(0, 10);
    await store.saveRun({ ...fields('bt-r', 10), equity: { ...s, length: 10 } });
    const w = await store.beginRun('bt-r');
    const t = slab(100, 3);
    await w.appendEquity(t.ts, t.equity, 3);
    await w.abort();
    await w.abort();
    expect((await store.getEquity('bt-r')).length).toBe(10);
    expect(await pointsOf(store, 'bt-r')).toBe(10);
  });

  test('a point going back in time is refused with its index and the run is discarded', async () => {
    const w = await store.beginRun('bt-bad');
    const a = slab(10, 3);
    await w.appendEquity(a.ts, a.equity, 3);
    const b = slab(5, 2);
    await expect(w.appendEquity(b.ts, b.equity, 2)).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('equity point 3 has ts') });
    await expect(w.commit(fields('bt-bad', 3))).rejects.toThrow(/already aborted/);
    await expect(store.getRun('bt-bad')).rejects.toMatchObject({ code: 'not_found' });
  });

  test('closing the store aborts a writer left open', async () => {
    const w = await store.beginRun('bt-open');
    const a = slab(0, 4);
    await w.appendEquity(a.ts, a.equity, 4);
    await store.close();
    store = await openStore(path);
    await expect(store.getRun('bt-open')).rejects.toMatchObject({ code: 'not_found' });
    expect(await pointsOf(store, 'bt-open')).toBe(0);
  });
});
