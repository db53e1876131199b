import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stitch } from '../../bench/synthetic.ts';
import { openStore, type Store } from '../../data/index.ts';
import { MemoryJournal } from '../../engine/index.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import { DATA_DIR, dailyBars, readEvents, startTestServer, type TestServer } from './test-kit.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

// A long replay: 300,000 one-minute bars that move like SPY's daily bars (several feed batches, so cancel and
// other requests get their turn between batches).
const LONG = { symbols: ['SYN'], timeframe: '1Min', session: 'all', strategy: 'sma-cross', params: { fast: '20', slow: '50' } };

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tradebook-http-bt-'));
  store = await openStore(join(dir, 'bt.duckdb'));
  const [spy] = await dailyBars(['SPY']);
  await store.importBars([spy, stitch(spy, 300_000, { symbol: 'SYN', timeframe: '1Min', startTs: Date.UTC(2020, 0, 1), stepMs: 60_000 })]);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a backtest over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ store, env: { TRADEBOOK_BACKTEST_CONCURRENCY: '2' } });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('buy-and-hold SPY: 202 with the content-addressed run id, and the equity the definition gives', async () => {
    const res = await t.call('/api/backtests', { as: 'operator', json: { symbols: ['SPY'], strategy: 'buy-and-hold', tags: ['http-test'] } });
    expect(res.status).toBe(202);
    const job = await res.json();
    expect(res.headers.get('location')).toBe(`/api/backtests/${job.jobId}`);
    expect(job.runId).toMatch(/^bt-[0-9a-f]{16}$/);
    const events = await readEvents(await t.call(`/api/backtests/${job.jobId}/events`, { as: 'viewer' }));
    const done = events.at(-1)!;
    expect(done.event).toBe('completed');
    // Definition: decide at bar 0's close, fill at bar 1's open, whole shares of all the cash, no fees.
    const rows = readFileSync(join(DATA_DIR, 'daily', 'SPY.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const open1 = rows[1][1];
    const lastClose = rows.at(-1)![4];
    const shares = Math.floor(100_000 / open1);
    const finalEquity = Math.round((100_000 - shares * open1 + shares * lastClose) * 100) / 100;
    expect(done.data.metrics.finalEquity).toBeCloseTo(finalEquity, 2);
    expect(done.data.metrics.benchmarkReturn).toBeCloseTo(lastClose / rows[0][4] - 1, 12);
    const stored = await (await t.call(`/api/runs/${job.runId}`, { as: 'viewer' })).json();
    expect(stored).toMatchObject({ runId: job.runId, status: 'completed', strategy: 'buy-and-hold', tags: ['http-test'], equityPoints: rows.length });
    expect(stored.metrics).toEqual(done.data.metrics);
    // Who started it: the request, and the run's start, both journalled with the token's name.
    const audit = (await (await t.call(`/api/logs?run=${job.runId}&kind=api.request&order=asc`, { as: 'viewer' })).json()).entries;
    expect(audit.map((e: { actor: string; data: { event?: string; path?: string } }) => [e.actor, e.data.event ?? e.data.path])).toEqual([
      ['operator', 'backtest started'],
      ['operator', '/api/backtests'],
    ]);
    expect(audit[0].data).toMatchObject({ jobId: job.jobId, runStartSeq: audit[0].seq - 1 });
  });

  test('streams progress over SSE and ends with the same run id and metrics as runBacktest (the CLI path) for the same config', async () => {
    const res = await t.call('/api/backtests', { as: 'operator', json: LONG });
    const job = await res.json();
    const events = await readEvents(await t.call(`/api/backtests/${job.jobId}/events`, { as: 'viewer' }));
    expect(events[0].event).toBe('state');
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThan(progress[i - 1].done);
    expect(progress.at(-1)).toEqual({ done: 300_000, total: 300_000 });
    const done = events.at(-1)!;
    expect(done.event).toBe('completed');
    const direct = await runBacktest(store, LONG, { persist: false, journal: new MemoryJournal({ now: () => 0 }) });
    expect(done.data.runId).toBe(direct.runId);
    expect(done.data.metrics).toEqual(direct.metrics);
    const fills = await (await t.call(`/api/runs/${direct.runId}/fills?limit=10000`, { as: 'viewer' })).json();
    expect(fills.fills).toEqual(direct.fills.slice(0, 10_000));
  });

  test('the same config again is answered from the stored run (no second execution under its id) unless ?rerun=true', async () => {
    const config = { symbols: ['SPY'], strategy: 'buy-and-hold', tags: ['http-test'] };
    const startsOf = async (runId: string) => (await (await t.call(`/api/logs?run=${runId}&kind=run.start`, { as: 'viewer' })).json()).entries.length;
    const first = await (await t.call('/api/backtests', { as: 'operator', json: config })).json();
    await t.server.deps.backtests.finished(first.jobId);
    const before = await startsOf(first.runId);
    const again = await (await t.call('/api/backtests', { as: 'operator', json: config })).json();
    await t.server.deps.backtests.finished(again.jobId);
    const reused = t.server.deps.backtests.get(again.jobId)!;
    expect(reused).toMatchObject({ state: 'completed', runId: first.runId });
    expect(reused.metrics).toEqual(t.server.deps.backtests.get(first.jobId)!.metrics);
    expect(await startsOf(first.runId)).toBe(before);
    const rerun = await (await t.call('/api/backtests?rerun=true', { as: 'operator', json: config })).json();
    await t.server.deps.backtests.finished(rerun.jobId);
    expect(await startsOf(first.runId)).toBe(before + 1);
    expect((await t.call('/api/backtests?rerun=maybe', { as: 'operator', json: config })).status).toBe(400);
  });

  test('events of a finished job: the state and the terminal event, then the stream ends', async () => {
    const [job] = t.server.deps.backtests.list().filter((j) => j.state === 'completed');
    const events = await readEvents(await t.call(`/api/backtests/${job.runId}/events`, { as: 'viewer' }));
    expect(events.map((e) => e.event)).toEqual(['state', 'completed']);
    expect((await t.call('/api/backtests/job-nope/events', { as: 'viewer' })).status).toBe(404);
  });
});

describe('cancel and concurrency', () => {
  test('cancel a queued job (dropped) and a running one (stopped by its AbortSignal, stored as cancelled)', async () => {
    const t = await startTestServer({ store, env: { TRADEBOOK_BACKTEST_CONCURRENCY: '1' } });
    try {
      const a = await (await t.call('/api/backtests', { as: 'operator', json: { ...LONG, seed: 1 } })).json();
      // The running job is cancelled from its first progress event, in process, through the same queue call the
      // cancel route makes: over HTTP the request could arrive after a fast replay has already finished (the
      // route itself on a running job is exercised by the llm test, whose model holds the run open).
      let cancelledAt: number | undefined;
      const off = t.server.deps.backtests.subscribe(a.jobId, (e) => {
        if (e.type === 'progress' && cancelledAt === undefined) {
          cancelledAt = e.job.progress.done;
          expect(t.server.deps.backtests.cancel(a.jobId)?.state).toBe('running');
        }
      });
      const b = await (await t.call('/api/backtests', { as: 'operator', json: { ...LONG, seed: 2 } })).json();
      expect(a.state).toBe('running');
      expect(b).toMatchObject({ state: 'queued', runId: null });
      const dropped = await t.call(`/api/backtests/${b.jobId}`, { as: 'operator', method: 'DELETE' });
      expect(dropped.status).toBe(202);
      expect((await dropped.json()).state).toBe('cancelled');

      const events = await readEvents(await t.call(`/api/backtests/${a.jobId}/events`, { as: 'viewer' }));
      off();
      expect(cancelledAt).toBeLessThan(300_000);
      const end = events.at(-1)!;
      expect(end.event).toBe('cancelled');
      expect(end.data.progress.done).toBeLessThan(300_000);
      const run = await (await t.call(`/api/runs/${a.runId}`, { as: 'viewer' })).json();
      expect(run.status).toBe('cancelled');
      expect(run.equityPoints).toBeLessThan(300_000);
      const again = await t.call(`/api/backtests/${a.jobId}`, { as: 'operator', method: 'DELETE' });
      expect(again.status).toBe(409);
      expect(t.server.deps.backtests.get(b.jobId)?.startedAt).toBeNull();
    } finally {
      await t.stop();
    }
  });

  test('three backtests at once do not block GET /health', async () => {
    const t = await startTestServer({ store, env: { TRADEBOOK_BACKTEST_CONCURRENCY: '3' } });
    try {
      const started = performance.now();
      const jobs = await Promise.all([3, 4, 5].map(async (seed) => (await t.call('/api/backtests', { as: 'operator', json: { ...LONG, seed } })).json()));
      const latencies: number[] = [];
      while (jobs.some((j) => t.server.deps.backtests.get(j.jobId)!.state === 'running')) {
        const t0 = performance.now();
        const res = await t.call('/health');
        latencies.push(performance.now() - t0);
        expect(res.status).toBe(200);
        await new Promise((r) => setTimeout(r, 10));
      }
      const wall = performance.now() - started;
      for (const j of jobs) expect(t.server.deps.backtests.get(j.jobId)!.state).toBe('completed');
      latencies.sort((x, y) => x - y);
      const median = latencies[Math.floor(latencies.length / 2)];
      const max = latencies.at(-1)!;
      console.log(`GET /health during 3 concurrent backtests (${Math.round(wall)} ms): ${latencies.length} probes, median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
      // Answered all along, never waiting for a whole backtest: at most about one feed batch.
      expect(latencies.length).toBeGreaterThanOrEqual(10);
      expect(max).toBeLessThan(wall / 3);
      expect(median).toBeLessThan(100);
    } finally {
      await t.stop();
    }
  });

  test('shutdown cancels running backtests and waits for them', async () => {
    const t = await startTestServer({ store });
    const job = await (await t.call('/api/backtests', { as: 'operator', json: { ...LONG, seed: 9 } })).json();
    expect(job.state).toBe('running');
    await t.stop();
    const after = t.server.deps.backtests.get(job.jobId)!;
    expect(after.state).toBe('cancelled');
    expect((await store.getRun(after.runId!)).status).toBe('cancelled');
  });
});
