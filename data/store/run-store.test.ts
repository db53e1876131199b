import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { RunRecord } from './run-record.ts';
import { openStore, type Store } from './store.ts';
import { rawCount, tempDbPath } from './test-kit.ts';

const T0 = Date.UTC(2024, 0, 2);
const DAY = 86_400_000;

function record(runId: string, points: number, over: Partial<RunRecord> = {}): RunRecord {
  const ts = Float64Array.from({ length: points }, (_, i) => T0 + i * DAY);
  const equity = Float64Array.from({ length: points }, (_, i) => 100_000 + i * 12.5);
  return {
    runId,
    createdAt: 1_700_000_000_000,
    status: 'completed',
    strategy: 'sma-cross',
    symbols: ['SPY', 'QQQ'],
    timeframe: '1Day',
    fromTs: T0,
    toTs: T0 + (points - 1) * DAY,
    config: { fast: 10, slow: 30, nested: { list: [1, 'a', null] } },
    metrics: { sharpe: 1.25, maxDrawdown: -0.1, cagr: null },
    summary: { finalEquity: equity[points - 1] },
    result: { trades: [{ symbol: 'SPY', pnl: 12.5 }], fills: [], rejections: [] },
    equity: { ts, equity, length: points },
    ...over,
  };
}

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

describe('runs', () => {
  test('save, get, list and equity round-trip', async () => {
    const r = record('bt-1', 1000);
    await store.saveRun(r);
    const { equity, ...rest } = r;
    expect(await store.getRun('bt-1')).toEqual({ ...rest, equityPoints: 1000 });
    const eq = await store.getEquity('bt-1');
    expect(eq.length).toBe(1000);
    expect(eq.ts).toEqual(equity.ts);
    expect(eq.equity).toEqual(equity.equity);
    const [listed] = await store.listRuns();
    expect(listed).toEqual({ runId: 'bt-1', createdAt: r.createdAt, status: 'completed', strategy: 'sma-cross', symbols: ['SPY', 'QQQ'], timeframe: '1Day', fromTs: r.fromTs, toTs: r.toTs, metrics: r.metrics, summary: r.summary, equityPoints: 1000 });
  });

  test('saving the same run id again replaces the record and its whole equity curve', async () => {
    await store.saveRun(record('bt-1', 500));
    await store.saveRun(record('bt-1', 20, { status: 'cancelled', metrics: { sharpe: 2 } }));
    expect(await store.getRun('bt-1')).toMatchObject({ status: 'cancelled', metrics: { sharpe: 2 }, equityPoints: 20 });
    expect((await store.getEquity('bt-1')).length).toBe(20);
    await store.close();
    expect(await rawCount(path, 'run_points')).toBe(20);
    store = await openStore(path);
  });

  test('only the equity points of `length` are stored, and 1M points round-trip', async () => {
    const big = record('bt-big', 1_000_000);
    await store.saveRun({ ...big, equity: { ...big.equity, length: 999_999 } });
    const eq = await store.getEquity('bt-big');
    expect(eq.length).toBe(999_999);
    expect(eq.equity[999_998]).toBe(big.equity.equity[999_998]);
  });

  test.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('refuses an equity of %s, naming the point, and stores nothing', async (_name, value) => {
    const r = record('bt-bad', 10);
    r.equity.equity[7] = value;
    await expect(store.saveRun(r)).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining(`equity point 7 (ts ${T0 + 7 * DAY}) is ${value}`) });
    expect(await store.listRuns()).toEqual([]);
  });

  test.each([
    ['a non-finite metric', { metrics: { sharpe: Number.NaN } }, /metrics\.sharpe is not a finite number/],
    ['a non-finite number deep in the result', { result: { trades: [{ pnl: 1 }, { pnl: -Infinity }] } }, /result\.trades\[1\]\.pnl/],
    ['descending equity timestamps', { equity: { ts: Float64Array.of(T0 + DAY, T0), equity: Float64Array.of(1, 2), length: 2 } }, /equity point 1 has ts/],
    ['an unknown status', { status: 'done' as never }, /status must be one of/],
    ['a length beyond the arrays', { equity: { ts: new Float64Array(2), equity: new Float64Array(2), length: 3 } }, /does not fit/],
  ])('refuses %s', async (_name, patch, message) => {
    await expect(store.saveRun(record('bt-x', 5, patch as Partial<RunRecord>))).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(message) });
  });

  test('getRun and getEquity name a missing id', async () => {
    await expect(store.getRun('bt-nope')).rejects.toMatchObject({ code: 'not_found', message: 'no run with id "bt-nope"' });
    await expect(store.getEquity('bt-nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  test('listRuns filters by strategy, status and symbol, newest first', async () => {
    await store.saveRun(record('a', 3, { createdAt: 1 }));
    await store.saveRun(record('b', 3, { createdAt: 3, strategy: 'buy-and-hold', symbols: ['IWM'] }));
    await store.saveRun(record('c', 3, { createdAt: 2, status: 'failed' }));
    const ids = async (f?: Parameters<Store['listRuns']>[0]) => (await store.listRuns(f)).map((r) => r.runId);
    expect(await ids()).toEqual(['b', 'c', 'a']);
    expect(await ids({ strategy: 'sma-cross' })).toEqual(['c', 'a']);
    expect(await ids({ status: 'failed' })).toEqual(['c']);
    expect(await ids({ symbol: 'IWM' })).toEqual(['b']);
    expect(await ids({ limit: 1 })).toEqual(['b']);
  });
});
