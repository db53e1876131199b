import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { starterNotebook } from '../../data/index.ts';
import { ARROW_STREAM } from './arrow.ts';
import { readEvents, startTestServer, type TestServer } from './test-kit.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ symbols: ['SPY', 'QQQ'], sandbox: true });
});
afterAll(async () => {
  await t.stop();
});

const sql = (text: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => t.call('/api/sql', { as: 'operator', json: { sql: text, ...extra }, headers });

describe('POST /api/sql', () => {
  test('a read-only query answers JSON and Arrow with the stored values', async () => {
    const res = await sql("SELECT symbol, count(*) AS n, min(ts) AS first FROM bars WHERE timeframe = '1Day' GROUP BY symbol ORDER BY symbol");
    expect(res.status).toBe(200);
    const body = await res.json();
    const series = (await (await t.call('/api/market-data/symbols', { as: 'viewer' })).json()).series;
    expect(body.rows.map((r: unknown[]) => [r[0], r[1]])).toEqual(series.map((s: { symbol: string; count: number }) => [s.symbol, s.count]));
    expect(body).toMatchObject({ rowCount: 2, truncated: false });
    const arrow = await sql('SELECT close FROM bars WHERE symbol = $$SPY$$ ORDER BY ts LIMIT 3', {}, { accept: ARROW_STREAM });
    expect(arrow.headers.get('content-type')).toBe(ARROW_STREAM);
    const closes = (await (await t.call('/api/market-data/bars?symbol=SPY&limit=3', { as: 'viewer' })).json()).close;
    expect([...tableFromIPC(new Uint8Array(await arrow.arrayBuffer())).getChild('close')!.toArray()]).toEqual(closes);
    const cut = await (await sql('SELECT * FROM range(10)', { maxRows: 4 })).json();
    expect(cut).toMatchObject({ rowCount: 4, truncated: true });
  });

  test.each([
    ["SELECT * FROM read_csv('/etc/passwd')"],
    ["COPY (SELECT 1) TO '/tmp/x.csv'"],
    ["ATTACH '/tmp/other.duckdb' AS other"],
    ['INSTALL httpfs'],
    ['LOAD httpfs'],
    ["SET memory_limit = '1GB'"],
    ['PRAGMA database_list'],
    ['CREATE TABLE t (x INTEGER)'],
    ['DROP TABLE bars'],
    ["INSERT INTO bars VALUES ('X', '1Day', 0, 1, 1, 1, 1, 1)"],
    ['SELECT 1; DROP TABLE bars'],
  ])('%s is refused with a 400 and journalled', async (text) => {
    const res = await sql(text);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('sql_refused');
    expect(error.reason).toMatch(/^[a-z_]+$/);
    expect(error.message.length).toBeGreaterThan(5);
    const [entry] = (await (await t.call('/api/logs?kind=api.request&limit=1', { as: 'viewer' })).json()).entries;
    expect(entry.data).toMatchObject({ path: '/api/sql', status: 400, refused: error.reason, sql: text });
    expect(entry.actor).toBe('operator');
    expect((await (await t.call('/api/market-data/symbols', { as: 'viewer' })).json()).series.length).toBe(2);
  });

  test('bad bodies name the field', async () => {
    const res = await t.call('/api/sql', { as: 'operator', json: { sql: 'SELECT 1', maxRows: 0, extra: true } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['maxRows', 'extra']);
    expect((await t.call('/api/sql', { as: 'viewer', json: { sql: 'SELECT 1' } })).status).toBe(403);
  });
});

describe('notebooks', () => {
  test('POST /api/notebooks/starter gives the caller their own copy of the store\'s starter notebook; a viewer may not', async () => {
    expect((await t.call('/api/notebooks/starter', { as: 'viewer', method: 'POST' })).status).toBe(403);
    const res = await t.call('/api/notebooks/starter', { as: 'operator', method: 'POST' });
    expect(res.status).toBe(201);
    const nb = await res.json();
    const starter = starterNotebook();
    expect(nb).toMatchObject({ title: starter.title, owner: 'operator', version: 1 });
    expect(nb.cells.map((c: { id: string; kind: string }) => `${c.id}:${c.kind}`)).toEqual(starter.cells.map((c) => `${c.id}:${c.kind}`));
    const again = await (await t.call('/api/notebooks/starter', { as: 'operator', method: 'POST' })).json();
    expect(again.id).not.toBe(nb.id);
    // Its first SQL cell runs in the sandbox as it stands.
    const series = await t.call(`/api/notebooks/${nb.id}/cells/series/run`, { as: 'operator', method: 'POST' });
    expect(series.status).toBe(200);
    expect((await series.json()).rows.map((r: unknown[]) => r[0])).toEqual(['QQQ', 'SPY']);
  });

  test('create, read, update with versions (409 on a stale one), run cells, delete', async () => {
    const created = await t.call('/api/notebooks', {
      as: 'operator',
      json: {
        title: 'Research',
        cells: [
          { id: 'intro', kind: 'markdown', source: '# SPY' },
          { id: 'q', kind: 'sql', sql: "SELECT count(*) AS n FROM bars WHERE symbol = 'SPY'" },
          { id: 'bt', kind: 'backtest', config: { symbols: ['SPY'], strategy: 'buy-and-hold' } },
        ],
      },
    });
    expect(created.status).toBe(201);
    const nb = await created.json();
    expect(nb).toMatchObject({ title: 'Research', owner: 'operator', version: 1 });
    expect((await (await t.call('/api/notebooks', { as: 'viewer' })).json()).notebooks).toContainEqual(expect.objectContaining({ id: nb.id, cellCount: 3 }));

    const q = await (await t.call(`/api/notebooks/${nb.id}/cells/q/run`, { as: 'operator', method: 'POST' })).json();
    const spy = (await (await t.call('/api/market-data/symbols', { as: 'viewer' })).json()).series.find((s: { symbol: string }) => s.symbol === 'SPY');
    expect(q.rows).toEqual([[spy.count]]);
    const started = await t.call(`/api/notebooks/${nb.id}/cells/bt/run`, { as: 'operator', method: 'POST' });
    expect(started.status).toBe(202);
    const job = await started.json();
    expect((await readEvents(await t.call(`/api/backtests/${job.jobId}/events`, { as: 'viewer' }))).at(-1)!.event).toBe('completed');
    expect((await t.call(`/api/notebooks/${nb.id}/cells/intro/run`, { as: 'operator', method: 'POST' })).status).toBe(400);
    expect((await t.call(`/api/notebooks/${nb.id}/cells/nope/run`, { as: 'operator', method: 'POST' })).status).toBe(404);

    const put = await t.call(`/api/notebooks/${nb.id}`, { as: 'operator', method: 'PUT', json: { version: 1, title: 'Research 2' } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ title: 'Research 2', version: 2 });
    const stale = await t.call(`/api/notebooks/${nb.id}`, { as: 'operator', method: 'PUT', json: { version: 1, title: 'lost update' } });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('conflict');
    const bad = await t.call(`/api/notebooks/${nb.id}`, { as: 'operator', method: 'PUT', json: { version: 2, cells: [{ kind: 'sql', query: 'x' }] } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['cells.0.sql', 'cells.0.query']);
    expect((await (await t.call(`/api/notebooks/${nb.id}`, { as: 'viewer' })).json()).version).toBe(2);

    expect((await t.call(`/api/notebooks/${nb.id}?version=1`, { as: 'operator', method: 'DELETE' })).status).toBe(409);
    expect((await t.call(`/api/notebooks/${nb.id}?version=2`, { as: 'operator', method: 'DELETE' })).status).toBe(204);
    expect((await t.call(`/api/notebooks/${nb.id}`, { as: 'viewer' })).status).toBe(404);
  });
});
