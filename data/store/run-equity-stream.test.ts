import { afterEach, beforeEach, expect, test } from 'vitest';
import { streamRunEquity } from './run-equity-stream.ts';
import { openStore, type Store } from './store.ts';
import { tempDbPath } from './test-kit.ts';

let store: Store;
let cleanup: () => void;
beforeEach(async () => {
  let path: string;
  ({ path, cleanup } = tempDbPath());
  store = await openStore(path);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

test.each([1, 64, 999, 1000, 5000])('chunks of %i points concatenate to the stored curve, in time order', async (chunkRows) => {
  const n = 1000;
  const ts = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);
  const equity = Float64Array.from({ length: n }, (_, i) => 50_000 + Math.sin(i) * 100);
  await store.saveRun({ runId: 'bt-s', createdAt: 1, status: 'completed', strategy: 'x', symbols: ['SPY'], timeframe: '1Min', fromTs: ts[0], toTs: ts[n - 1], config: { cash: 50_000 }, metrics: {}, result: {}, equity: { ts, equity, length: n } });
  const starts: unknown[] = [];
  const seen: { ts: number[]; equity: number[]; sizes: number[] } = { ts: [], equity: [], sizes: [] };
  const total = await streamRunEquity(store, 'bt-s', { onStart: (s) => void starts.push(s), onChunk: (t, e) => void (seen.ts.push(...t), seen.equity.push(...e), seen.sizes.push(t.length)) }, { chunkRows });
  expect(total).toBe(n);
  expect(starts).toEqual([{ points: n, startingCash: 50_000 }]);
  expect(seen.ts).toEqual([...ts]);
  expect(seen.equity).toEqual([...equity]);
  expect(seen.sizes.slice(0, -1).every((s) => s === chunkRows)).toBe(true);
});

test('an unknown run is not_found before anything is handed over', async () => {
  let called = false;
  await expect(streamRunEquity(store, 'bt-none', { onStart: () => void (called = true), onChunk: () => void (called = true) })).rejects.toMatchObject({ code: 'not_found' });
  expect(called).toBe(false);
});
