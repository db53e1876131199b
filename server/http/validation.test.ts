import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JOURNAL_KINDS } from '../../engine/index.ts';
import { startTestServer, type TestServer } from './test-kit.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ symbols: ['SPY'] });
});
afterAll(async () => {
  await t.stop();
});

/** What a refused request must leave unchanged: bars, runs and jobs (the journal only gains its api.request entry). */
async function snapshot() {
  const series = await t.store.listSeries();
  const runs = await t.store.searchRuns({ limit: 1000 });
  const journal = await t.store.searchJournal({ order: 'asc', limit: 10_000 });
  return { series, runs: runs.runs.map((r) => r.runId), jobs: t.server.deps.backtests.list().length, entries: journal.entries.filter((e) => e.kind !== 'api.request').length };
}

const valid = { symbols: ['SPY'], strategy: 'sma-cross', params: { fast: '10', slow: '30' } };

describe('bad backtest bodies are a 400 naming each field and change nothing', () => {
  test.each([
    { name: 'wrong type', body: { ...valid, cash: 'lots' }, paths: ['cash'] },
    { name: 'wrong nested type', body: { ...valid, commission: { pct: '0.1' } }, paths: ['commission.pct'] },
    { name: 'missing field', body: { strategy: 'sma-cross' }, paths: ['symbols'] },
    { name: 'unknown field', body: { ...valid, leverage: 5 }, paths: ['leverage'] },
    { name: 'unknown nested field', body: { ...valid, commission: { pct: 0.1, rebate: 1 } }, paths: ['commission.rebate'] },
    { name: 'several at once', body: { symbols: ['spy!'], strategy: '', seed: -1 }, paths: ['symbols.0', 'strategy', 'seed'] },
    { name: 'impossible date', body: { ...valid, from: '2020-02-31' }, paths: ['from'] },
    { name: 'impossible month', body: { ...valid, to: '2021-13-01' }, paths: ['to'] },
    { name: 'from after to', body: { ...valid, from: '2021-02-01', to: '2021-01-31' }, paths: ['from'] },
    { name: 'cash beyond 1e12', body: { ...valid, cash: 1e13 }, paths: ['cash'] },
    { name: 'costs out of range', body: { ...valid, commission: { pct: 101 }, slippageBps: 20_000 }, paths: ['commission.pct', 'slippageBps'] },
    { name: 'a seed beyond a safe integer, named once', body: { ...valid, seed: 1e20 }, paths: ['seed'] },
    { name: 'unknown strategy (checked by the run)', body: { ...valid, strategy: 'martingale' }, paths: ['strategy'] },
    { name: 'bad strategy parameter (checked by the strategy)', body: { ...valid, params: { fast: 'ten' } }, paths: ['params.fast'] },
    { name: 'a body that is an array', body: [valid], paths: [''] },
    { name: 'an oversized field', body: { ...valid, tags: ['x'.repeat(65)] }, paths: ['tags.0'] },
    { name: 'an oversized list', body: { ...valid, symbols: Array.from({ length: 5001 }, (_, i) => `S${i}`) }, paths: ['symbols'] },
  ])('$name', async ({ body, paths }) => {
    const before = await snapshot();
    const res = await t.call('/api/backtests', { as: 'operator', json: body });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_config');
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(paths);
    for (const i of error.issues) expect(i.message.length).toBeGreaterThan(3);
    await t.server.deps.backtests.idle();
    expect({ ...(await snapshot()), jobs: before.jobs }).toEqual(before);
  });

  test.each([
    ['a symbol with no bars', { symbols: ['NOPE'] }, 'NOPE', 'symbols'],
    ['a timeframe the symbols are not stored in', { timeframe: '1Hour' }, 'no 1Hour bars for SPY', 'timeframe'],
    ['a period without any bars', { from: '1990-01-01', to: '1990-12-31' }, '1990', 'from'],
    ['an unknown strategy', { strategy: 'LLM' }, 'LLM', 'strategy'],
    ['a bad strategy param', { strategy: 'sma-cross', params: { fast: 'ten' } }, 'fast', 'params.fast'],
    ['an unknown strategy param', { strategy: 'sma-cross', params: { Fast: '10' } }, 'Fast', 'params.Fast'],
  ])('%s is refused while starting: a 400 naming it, and no job, run or journal entry left behind', async (_what, change, named, path) => {
    const before = await snapshot();
    const res = await t.call('/api/backtests', { as: 'operator', json: { ...valid, ...change } });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(named);
    expect(error.issues).toEqual([{ path, message: expect.stringContaining(named) }]);
    expect(error.jobId).toBeUndefined();
    await t.server.deps.backtests.idle();
    expect(await snapshot()).toEqual(before);
  });

  test('?llm= with a rule strategy is a 400 naming query.llm (the CLI refuses --llm the same way), and starts nothing', async () => {
    const before = await snapshot();
    for (const mode of ['replay', 'live']) {
      const res = await t.call(`/api/backtests?llm=${mode}`, { as: 'operator', json: valid });
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.issues).toEqual([{ path: 'query.llm', message: `?llm=${mode} applies to the llm strategy only; ${valid.strategy} asks no model` }]);
    }
    await t.server.deps.backtests.idle();
    expect(await snapshot()).toEqual(before);
  });

  test('not JSON, no JSON content type, huge body', async () => {
    const before = await snapshot();
    const notJson = await t.call('/api/backtests', { as: 'operator', body: '{"symbols": [', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toMatch(/not valid JSON/);
    const form = await t.call('/api/backtests', { as: 'operator', body: 'symbols=SPY', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const huge = await t.call('/api/backtests', { as: 'operator', json: { ...valid, tags: ['x'.repeat(2 << 20)] } });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('payload_too_large');
    expect(await snapshot()).toEqual(before);
  });
});

describe('query and path parameters', () => {
  test.each([
    ['/api/runs?limit=0', 'query.limit'],
    ['/api/runs?limit=abc', 'query.limit'],
    ['/api/runs?status=done', 'query.status'],
    ['/api/runs?colour=red', 'query.colour'],
    ['/api/runs?cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
    ['/api/runs?from=yesterday', 'query.from'],
    ['/api/logs?order=sideways', 'query.order'],
    ['/api/logs?format=xml', 'query.format'],
    ['/api/logs?kind=DROP%20TABLE', 'query.kind.0'],
    ['/api/market-data/bars', 'query.symbol'],
    ['/api/market-data/bars?symbol=SPY&timeframe=2Day', 'query.timeframe'],
    ['/api/runs/compare?ids=bt-a', 'query.ids'],
    ['/api/runs/bad%20id', 'params.id'],
    ['/api/runs?from=2021-02-30', 'query.from'],
    ['/api/logs?to=2021-13-01', 'query.to'],
    ['/api/market-data/bars?symbol=SPY&from=2021-04-31T10:00:00Z', 'query.from'],
  ])('%s → 400 naming %s', async (path, field) => {
    const res = await t.call(path, { as: 'viewer' });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_request');
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  test.each([
    ['/api/runs/bt-0000000000000000/equity?from=2020-01-01', 'query.from'],
    ['/api/runs/bt-0000000000000000?x=1', 'query.x'],
    ['/api/logs/trace/o-1?x=1', 'query.x'],
    ['/api/market-data/symbols?x=1', 'query.x'],
    ['/api/backtests?state=running', 'query.state'],
    ['/api/session?x=1', 'query.x'],
    ['/api/openapi.json?x=1', 'query.x'],
  ])('a route that takes no query parameters refuses %s naming %s (not a 200 as if filtered)', async (path, field) => {
    const res = await t.call(path, { as: 'viewer' });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([{ path: field, message: `unknown field "${field.slice('query.'.length)}"` }]);
  });

  test('a negative limit is refused with the range it must be in', async () => {
    const res = await t.call('/api/runs?limit=-1', { as: 'viewer' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([{ path: 'query.limit', message: 'expected a whole number from 1 to 1000' }]);
  });

  test('an unknown journal kind is a 400 naming query.kind and listing the kinds, not an empty page', async () => {
    const res = await t.call('/api/logs?kind=fill,nope', { as: 'viewer' });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].path).toBe('query.kind.1');
    for (const k of JOURNAL_KINDS) expect(error.issues[0].message).toContain(k);
    expect((await t.call('/api/logs?kind=fill,risk.verdict', { as: 'viewer' })).status).toBe(200);
  });

  test('an impossible calendar date is refused by name, not rolled over to the next month', async () => {
    const res = await t.call('/api/market-data/bars?symbol=SPY&from=2021-02-30', { as: 'viewer' });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.issues).toEqual([{ path: 'query.from', message: 'not a real date: "2021-02-30" (no such day, month or time)' }]);
  });

  test.each(['/api/market-data/bars?symbol=SPY&from=2021-02-01&to=2021-01-31', '/api/runs?from=2021-02-01&to=2021-01-31', '/api/logs?from=2021-02-01T00:00:00Z&to=1600000000000'])(
    'from after to is a 400 naming both: %s',
    async (path) => {
      const res = await t.call(path, { as: 'viewer' });
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.issues.map((i: { path: string }) => i.path)).toEqual(['query.from', 'query.to']);
      expect(error.message).toMatch(/from 2021-02-01\S* is after to (2021-01-31|1600000000000)/);
    },
  );

  test('a date range of one day (from and to the same date) is accepted', async () => {
    const res = await t.call('/api/market-data/bars?symbol=SPY&from=2021-01-04&to=2021-01-04', { as: 'viewer' });
    expect(res.status).toBe(200);
    expect((await res.json()).length).toBe(1);
  });

  test('unknown ids are 404 naming them', async () => {
    const res = await t.call('/api/runs/bt-0000000000000000', { as: 'viewer' });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain('bt-0000000000000000');
    expect((await t.call('/api/nothing-here', { as: 'viewer' })).status).toBe(404);
  });

  test('bars of a series the store does not have are a 404 naming it; a period without bars of a stored one is an empty 200', async () => {
    const none = await t.call('/api/market-data/bars?symbol=NOPE', { as: 'viewer' });
    expect(none.status).toBe(404);
    expect((await none.json()).error.message).toBe('no 1Day bars for NOPE: the store has no such symbol (GET /api/market-data/symbols lists them)');
    const hourly = await t.call('/api/market-data/bars?symbol=SPY&timeframe=1Hour', { as: 'viewer' });
    expect(hourly.status).toBe(404);
    expect((await hourly.json()).error.message).toBe('no 1Hour bars for SPY; it is stored as 1Day');
    const empty = await t.call('/api/market-data/bars?symbol=SPY&from=1990-01-01&to=1990-12-31', { as: 'viewer' });
    expect(empty.status).toBe(200);
    expect((await empty.json()).length).toBe(0);
  });
});

describe('market-data import: the CLI importers, all or nothing', () => {
  const good = 'timestamp,open,high,low,close,volume\n2031-01-02,10,11,9,10.5,100\n2031-01-03,10.5,11,10,10.8,120\n';

  test('a bad row refuses the whole upload with file, line and reason, and stores nothing', async () => {
    const before = await snapshot();
    const form = new FormData();
    form.set('symbol', 'NEW');
    form.append('file', new Blob([good]), 'new-1.csv');
    form.append('file', new Blob(['timestamp,open,high,low,close,volume\n2031-02-01,10,11,9,10.5,100\n2031-02-02,10,9,11,10.5,100\n']), 'new-2.csv');
    const res = await t.call('/api/market-data/import', { as: 'operator', body: form });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'import_refused', file: 'new-2.csv', line: 3 });
    expect(error.reason).toMatch(/high/);
    expect(await snapshot()).toEqual(before);
  });

  test('multipart and raw uploads import like the CLI, journalled with the caller as actor', async () => {
    const form = new FormData();
    form.set('symbol', 'new');
    form.set('timeframe', '1Day');
    form.append('file', new Blob([good]), 'new.csv');
    const res = await t.call('/api/market-data/import', { as: 'operator', body: form });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ inserted: 2, unchanged: 0, replaced: 0, files: [{ file: 'new.csv', symbol: 'NEW', timeframe: '1Day', rows: 2 }] });
    const again = await t.call('/api/market-data/import?symbol=NEW&filename=new.csv', { as: 'admin', body: good, headers: { 'content-type': 'text/csv' } });
    expect(await again.json()).toMatchObject({ inserted: 0, unchanged: 2 });
    const series = (await (await t.call('/api/market-data/symbols', { as: 'viewer' })).json()).series;
    expect(series).toContainEqual({ symbol: 'NEW', timeframe: '1Day', firstTs: Date.UTC(2031, 0, 2), lastTs: Date.UTC(2031, 0, 3), count: 2 });
    const imports = (await (await t.call('/api/logs?kind=data.import&symbol=NEW', { as: 'viewer' })).json()).entries;
    expect(imports.map((e: { actor: string }) => e.actor)).toEqual(['admin', 'operator']);
  });

  test('upload options are checked: unknown field, bad timeframe, no file, wrong media type', async () => {
    const before = await snapshot();
    const form = new FormData();
    form.set('symbol', 'NEW');
    form.set('colour', 'red');
    form.append('file', new Blob([good]), 'x.csv');
    const unknown = await t.call('/api/market-data/import', { as: 'operator', body: form });
    expect((await unknown.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['colour']);
    const tf = await t.call('/api/market-data/import?symbol=NEW&timeframe=1Week', { as: 'operator', body: good, headers: { 'content-type': 'text/csv' } });
    expect((await tf.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['query.timeframe']);
    const empty = new FormData();
    empty.set('symbol', 'NEW');
    expect((await (await t.call('/api/market-data/import', { as: 'operator', body: empty })).json()).error.issues[0].path).toBe('file');
    expect((await t.call('/api/market-data/import?symbol=NEW', { as: 'operator', body: good, headers: { 'content-type': 'image/png' } })).status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });
});
