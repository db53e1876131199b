import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore, type Store } from '../../data/index.ts';
import { withRawDb } from '../../data/store/test-kit.ts';
import { ARROW_STREAM } from './arrow.ts';
import { startTestServer, type TestServer } from './test-kit.ts';

let t: TestServer;
const ids: Record<string, string> = {};
const arrow = { accept: ARROW_STREAM };

async function backtest(name: string, config: Record<string, unknown>) {
  const job = await (await t.call('/api/backtests', { as: 'operator', json: config })).json();
  await t.server.deps.backtests.finished(job.jobId);
  ids[name] = t.server.deps.backtests.get(job.jobId)!.runId!;
}

beforeAll(async () => {
  let clock = Date.UTC(2026, 0, 1);
  t = await startTestServer({ symbols: ['SPY', 'QQQ'], now: () => (clock += 1000) });
  await backtest('hold', { symbols: ['SPY'], strategy: 'buy-and-hold', tags: ['base'] });
  await backtest('sma', { symbols: ['SPY'], strategy: 'sma-cross', params: { fast: '50', slow: '200' }, tags: ['base', 'trend'] });
  await backtest('sma-fast', { symbols: ['SPY'], strategy: 'sma-cross', params: { fast: '10', slow: '30' }, commission: { pct: 0.05 }, tags: ['trend'] });
  await backtest('qqq', { symbols: ['QQQ', 'SPY'], strategy: 'momentum', params: { lookback: '60', top: '1', rebalance: '20' } });
});
afterAll(async () => {
  await t.stop();
});

const get = async (path: string) => {
  const res = await t.call(path, { as: 'viewer' });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res.json();
};

describe('runs', () => {
  test('list: newest first, filters, cursor pages that cover every run once', async () => {
    const all = await get('/api/runs');
    expect(all.runs.map((r: { runId: string }) => r.runId)).toEqual([ids.qqq, ids['sma-fast'], ids.sma, ids.hold]);
    expect(all.nextCursor).toBeNull();
    expect((await get('/api/runs?strategy=sma-cross')).runs.map((r: { runId: string }) => r.runId)).toEqual([ids['sma-fast'], ids.sma]);
    expect((await get('/api/runs?symbol=QQQ')).runs.map((r: { runId: string }) => r.runId)).toEqual([ids.qqq]);
    expect((await get('/api/runs?tag=trend&tag=base')).runs.map((r: { runId: string }) => r.runId)).toEqual([ids.sma]);
    expect((await get('/api/runs?status=cancelled')).runs).toEqual([]);
    const created = all.runs.map((r: { createdAt: number }) => r.createdAt);
    expect((await get(`/api/runs?from=${created[2]}&to=${created[1]}`)).runs.map((r: { runId: string }) => r.runId)).toEqual([ids['sma-fast'], ids.sma]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { runs: { runId: string }[]; nextCursor: string | null } = await get(`/api/runs?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.runs.map((r) => r.runId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all.runs.map((r: { runId: string }) => r.runId));
  });

  test('show: config, counts, trades and fills pages', async () => {
    const run = await get(`/api/runs/${ids.sma}`);
    expect(run).toMatchObject({ runId: ids.sma, strategy: 'sma-cross', symbols: ['SPY'], status: 'completed', tags: ['base', 'trend'] });
    // As the strategy read them: the default short=false written out.
    expect(run.config.params).toEqual({ fast: '50', short: 'false', slow: '200' });
    expect(run.counts.filled).toBe(run.fillCount);
    const trades = await get(`/api/runs/${ids.sma}/trades`);
    expect(trades.trades.length).toBe(run.tradeCount);
    expect(trades.trades.length).toBe(run.metrics.trades);
    const first = await get(`/api/runs/${ids.sma}/fills?limit=2`);
    const rest = await get(`/api/runs/${ids.sma}/fills?limit=1000&cursor=${first.nextCursor}`);
    expect(first.fills.length + rest.fills.length).toBe(run.fillCount);
    expect(rest.nextCursor).toBeNull();
    const decisions = await get(`/api/runs/${ids.sma}/decisions`);
    expect(decisions.entries.length).toBe(run.counts.signals);
    expect(new Set(decisions.entries.map((e: { kind: string }) => e.kind))).toEqual(new Set(['signal']));
  });

  test('equity and drawdown: JSON and Arrow carry the same values; drawdown is equity over its running peak (seeded with the cash) minus 1', async () => {
    const json = await get(`/api/runs/${ids.sma}/equity`);
    const run = await get(`/api/runs/${ids.sma}`);
    expect(json.length).toBe(run.equityPoints);
    let peak = 100_000;
    let deepest = 0;
    json.equity.forEach((e: number, i: number) => {
      peak = Math.max(peak, e);
      expect(json.drawdown[i]).toBeCloseTo(e / peak - 1, 12);
      deepest = Math.min(deepest, e / peak - 1);
    });
    expect(deepest).toBeCloseTo(run.metrics.maxDrawdown, 12);
    const res = await t.call(`/api/runs/${ids.sma}/equity`, { as: 'viewer', headers: arrow });
    expect(res.headers.get('content-type')).toBe(ARROW_STREAM);
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.numRows).toBe(json.length);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['ts:Float64', 'equity:Float64', 'drawdown:Float64']);
    expect([...table.getChild('ts')!.toArray()]).toEqual(json.ts);
    expect([...table.getChild('equity')!.toArray()]).toEqual(json.equity);
    expect([...table.getChild('drawdown')!.toArray()]).toEqual(json.drawdown);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await t.call('/api/runs/bt-ffffffffffffffff/equity', { as: 'viewer', headers: arrow });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
  });

  test('compare: metrics side by side with differences, config diff as the CLI computes it, aligned equity', async () => {
    const cmp = await get(`/api/runs/compare?ids=${ids.sma},${ids['sma-fast']},${ids.qqq}`);
    expect(cmp.runs.map((r: { runId: string }) => r.runId)).toEqual([ids.sma, ids['sma-fast'], ids.qqq]);
    const sharpe = cmp.metrics.find((m: { key: string }) => m.key === 'sharpe');
    const runs = await Promise.all([ids.sma, ids['sma-fast'], ids.qqq].map((id) => get(`/api/runs/${id}`)));
    expect(sharpe.values).toEqual(runs.map((r) => r.metrics.sharpe));
    expect(sharpe.diffs).toEqual(runs.map((r) => r.metrics.sharpe - runs[0].metrics.sharpe));
    expect(cmp.configDiff['params.fast']).toEqual(['50', '10', null]);
    expect(cmp.configDiff['commission.pct']).toEqual([0, 0.05, 0]);
    expect(cmp.configDiff.cash).toBeUndefined();
    // SPY's and QQQ+SPY's runs start on different days: the later one is null until its first point.
    const { ts, series } = cmp.equity;
    for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThan(ts[i - 1]);
    const spyEquity = await get(`/api/runs/${ids.sma}/equity`);
    expect(ts.length).toBeGreaterThanOrEqual(spyEquity.length);
    const at = new Map<number, number>(spyEquity.ts.map((x: number, i: number) => [x, spyEquity.equity[i]]));
    series[0].equity.forEach((v: number | null, i: number) => {
      if (at.has(ts[i])) expect(v).toBe(at.get(ts[i]));
    });
    const qqqStart = runs[2].fromTs;
    expect(series[2].equity[ts.indexOf(qqqStart) - 1] ?? null).toBeNull();
    expect(series[2].equity[ts.indexOf(qqqStart)]).not.toBeNull();
  });
});

describe('market data', () => {
  test('bars as JSON and Arrow decode to the stored values', async () => {
    const json = await get('/api/market-data/bars?symbol=SPY&from=2020-03-02&to=2020-03-06');
    expect(json).toMatchObject({ symbol: 'SPY', timeframe: '1Day', length: 5, truncated: false });
    expect(json.ts).toEqual([2, 3, 4, 5, 6].map((d) => Date.UTC(2020, 2, d)));
    const res = await t.call('/api/market-data/bars?symbol=SPY&from=2020-03-02&to=2020-03-06', { as: 'viewer', headers: arrow });
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    for (const col of ['ts', 'open', 'high', 'low', 'close', 'volume']) expect([...table.getChild(col)!.toArray()]).toEqual(json[col]);
    const spy = (await get('/api/market-data/symbols')).series.find((s: { symbol: string }) => s.symbol === 'SPY');
    const whole = await t.call('/api/market-data/bars?symbol=SPY', { as: 'viewer', headers: arrow });
    expect(tableFromIPC(new Uint8Array(await whole.arrayBuffer())).numRows).toBe(spy.count);
  });
});

describe('the audit journal', () => {
  test('filters, newest first by default, cursor pages, text search', async () => {
    const page = await get(`/api/logs?run=${ids.sma}&limit=5`);
    const seqs = page.entries.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const next = await get(`/api/logs?run=${ids.sma}&limit=5&cursor=${page.nextCursor}`);
    expect(next.entries[0].seq).toBeLessThan(seqs.at(-1));
    const asc = await get(`/api/logs?run=${ids.sma}&kind=run.start,run.end&order=asc`);
    expect(asc.entries.map((e: { kind: string }) => e.kind)).toEqual(['run.start', 'run.end']);
    // The kinds repeated as parameters select the same entries as one comma-separated list.
    expect(await get(`/api/logs?run=${ids.sma}&kind=run.start&kind=run.end&order=asc`)).toEqual(asc);
    const fills = await get(`/api/logs?run=${ids.sma}&kind=fill&actor=broker&limit=10000`);
    const run = await get(`/api/runs/${ids.sma}`);
    expect(fills.entries.length).toBe(run.fillCount);
    expect((await get('/api/logs?q=SMA-CROSS&kind=run.start')).entries.length).toBe(2);
    const recorded = asc.entries[0].recordedAt;
    const window = await get(`/api/logs?from=${recorded}&to=${recorded}&order=asc`);
    expect(window.entries.every((e: { recordedAt: number }) => e.recordedAt === recorded)).toBe(true);
    expect(window.entries.map((e: { seq: number }) => e.seq)).toContain(asc.entries[0].seq);
  });

  test('NDJSON and CSV exports stream every matching entry', async () => {
    const all = await get(`/api/logs?run=${ids['sma-fast']}&order=asc&limit=10000`);
    const nd = await t.call(`/api/logs?run=${ids['sma-fast']}&order=asc&format=ndjson`, { as: 'viewer' });
    expect(nd.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual(all.entries);
    const csv = await t.call(`/api/logs?run=${ids['sma-fast']}&order=asc&format=csv`, { as: 'viewer' });
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toBe('seq,recordedAt,runId,kind,actor,ts,symbol,orderId,data,prevHash,hash');
    expect(rows.length).toBe(all.entries.length + 1);
    expect(rows[1].startsWith(`${all.entries[0].seq},${all.entries[0].recordedAt},${ids['sma-fast']},run.start,engine,`)).toBe(true);
    expect(rows[1].endsWith(`,${all.entries[0].prevHash},${all.entries[0].hash}`)).toBe(true);
  });

  test('trace walks an order back to its signal, verdict and run start', async () => {
    const { fills } = await get(`/api/runs/${ids.sma}/fills?limit=1`);
    const trace = await get(`/api/logs/trace/${fills[0].orderId}`);
    expect(trace.entries.map((e: { kind: string }) => e.kind).slice(0, 4)).toEqual(['run.start', 'signal', 'risk.verdict', 'order.submitted']);
    expect(trace.entries.some((e: { kind: string }) => e.kind === 'fill')).toBe(true);
    expect((await t.call('/api/logs/trace/bt-nothing-1', { as: 'viewer' })).status).toBe(404);
  });

  test('no endpoint changes an entry', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const res = await t.call('/api/logs', { as: 'admin', method });
      expect(res.status, method).toBe(404);
    }
  });

  test('verify: intact, then a tampered row is named, and a tampered runs-table metric by run and field', async () => {
    // All four runs were stored as completed; each one's metrics equal its run.end entry's.
    expect(await get('/api/logs/verify')).toMatchObject({ ok: true, runs: { checked: 4, unchecked: [], mismatches: [] } });
    expect(await get(`/api/logs/verify?run=${ids.sma}`)).toMatchObject({ ok: true, runId: ids.sma, runs: { checked: 1, mismatches: [] } });
    const target = (await get(`/api/logs?run=${ids.sma}&kind=fill&order=asc&limit=1`)).entries[0];
    // Tamper with the file while no server holds it, then serve it again.
    const { dbPath } = t;
    await t.stop({ keepStore: true });
    await t.store.close();
    await withRawDb(dbPath, (c) => c.run(`UPDATE journal SET data = replace(data, '"price":', '"price":1') WHERE seq = ${target.seq}`));
    await withRawDb(dbPath, (c) => c.run(`UPDATE runs SET metrics = json_merge_patch(metrics, '{"trades": 1234}') WHERE run_id = '${ids.hold}'`));
    const store: Store = await openStore(dbPath);
    t = await startTestServer({ store });
    try {
      const verdict = await get('/api/logs/verify');
      expect(verdict).toMatchObject({ ok: false, firstBadSeq: target.seq });
      expect(verdict.reason).toMatch(/hash/);
      expect(verdict.runs.mismatches).toEqual([{ runId: ids.hold, field: 'metrics.trades', stored: 1234, journalled: expect.any(Number), seq: expect.any(Number) }]);
    } finally {
      await t.stop();
      await store.close();
      rmSync(dirname(dbPath), { recursive: true, force: true });
    }
  });
});
