// Strategy params that name a server file (llm `prompt`, signals `file`): over the API only files inside the allowed
// folders are read; anything else is a 400 naming the field, and no byte of the file reaches a response or the store.
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultPromptPath } from '../../engine/index.ts';
import { serverDeps, ServerConfigError } from './server.ts';
import { readEvents, startTestServer, type TestServer } from './test-kit.ts';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tradebook-http-files-')));
const allowed = join(dir, 'allowed');
// Readable by the server, outside every allowed folder: a CSV whose first line the signals parser would quote, and a
// valid prompt template whose text the llm strategy would send to the model and store.
const secretCsv = join(dir, 'secret.csv');
const secretPrompt = join(dir, 'secret.md');
const SECRET = 'SECRET-7f3a9c';
let t: TestServer;

beforeAll(async () => {
  mkdirSync(allowed);
  writeFileSync(secretCsv, `${SECRET},root:$6$hash\n`);
  writeFileSync(secretPrompt, `${SECRET} {{symbol}}\n`);
  copyFileSync(fileURLToPath(new URL('../../engine/strategy/fixtures/signals-spy.csv', import.meta.url)), join(allowed, 'signals.csv'));
  symlinkSync(secretCsv, join(allowed, 'innocent.csv'));
  t = await startTestServer({ symbols: ['SPY'], sandbox: true, env: { TRADEBOOK_API_FILES_DIR: allowed } });
});
afterAll(async () => {
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

const llm = (prompt: string) => ({ symbols: ['SPY'], strategy: 'llm', params: { every: '20', model: 'test-model', prompt } });
const signals = (file: string) => ({ symbols: ['SPY'], strategy: 'signals', params: { file } });
const ALLOWED_TEXT = `the API may only name files inside ${realpathSync(join(defaultPromptPath(), '..'))} (built-in prompts), ${allowed} (TRADEBOOK_API_FILES_DIR)`;

/** Nothing of the secret files anywhere a caller could read it back. */
async function expectNoSecretStored(): Promise<void> {
  // The secret is spelt in two pieces: this query is journalled too.
  const sql = `SELECT (SELECT count(*) FROM llm_prompts) AS prompts, (SELECT count(*) FROM journal WHERE data_text LIKE '%' || '${SECRET.slice(0, 7)}' || '${SECRET.slice(7)}' || '%') AS journalled`;
  const res = await t.call('/api/sql', { as: 'operator', json: { sql } });
  expect(res.status, await res.clone().text()).toBe(200);
  expect((await res.json()).rows).toEqual([[0, 0]]);
}

describe('file params of a backtest over HTTP', () => {
  test.each([
    ['llm prompt /etc/shadow', llm('/etc/shadow'), 'params.prompt'],
    ['llm prompt outside the folders', llm(secretPrompt), 'params.prompt'],
    ['signals file outside the folders', signals(secretCsv), 'params.file'],
    ['signals file through `..`', signals(join(allowed, '..', 'secret.csv')), 'params.file'],
    ['signals file through a symlink', signals(join(allowed, 'innocent.csv')), 'params.file'],
  ])('%s: 400 naming the field and the allowed folders, without the content', async (_what, config, path) => {
    for (const query of ['', '?llm=replay']) {
      const res = await t.call(`/api/backtests${query}`, { as: 'operator', json: config });
      const text = await res.text();
      expect(res.status, text).toBe(400);
      expect(text).not.toContain(SECRET);
      const { error } = JSON.parse(text);
      expect(error.code).toBe('invalid_config');
      expect(error.issues).toEqual([{ path, message: expect.stringContaining(ALLOWED_TEXT) }]);
      expect(error.message).toContain(`${path}: `);
    }
    expect((await (await t.call('/api/backtests', { as: 'viewer' })).json()).jobs).toEqual([]);
    await expectNoSecretStored();
  });

  test('a signals file inside TRADEBOOK_API_FILES_DIR runs', async () => {
    const res = await t.call('/api/backtests', { as: 'operator', json: signals(join(allowed, 'signals.csv')) });
    expect(res.status, await res.clone().text()).toBe(202);
    const job = await res.json();
    const done = (await readEvents(await t.call(`/api/backtests/${job.jobId}/events`, { as: 'viewer' }))).at(-1)!;
    expect(done.event).toBe('completed');
    expect(done.data.metrics.trades).toBeGreaterThan(0);
  });

  test('the built-in prompt passes the check (the run then fails for want of a model, which this server lacks)', async () => {
    const res = await t.call('/api/backtests', { as: 'operator', json: llm(defaultPromptPath()) });
    expect(res.status, await res.clone().text()).toBe(202);
    const done = (await readEvents(await t.call(`/api/backtests/${(await res.json()).jobId}/events`, { as: 'viewer' }))).at(-1)!;
    // It started (the template was read and hashed into the run id) and then failed: every model call failed.
    expect(done.data.runId).toMatch(/^bt-[0-9a-f]{16}$/);
    expect(done.event).toBe('failed');
  });
});

describe('file params of a notebook backtest cell', () => {
  const cell = (config: unknown) => ({ id: 'bt', kind: 'backtest', config });

  test('saving a notebook with such a cell is refused (create and update), naming the cell path', async () => {
    const created = await t.call('/api/notebooks', { as: 'operator', json: { title: 'files', cells: [{ id: 'md', kind: 'markdown', source: 'x' }, cell(signals(secretCsv))] } });
    expect(created.status).toBe(400);
    const body = await created.json();
    expect(body.error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'cells.1.config.params.file', message: expect.stringContaining(ALLOWED_TEXT) }] });
    const ok = await (await t.call('/api/notebooks', { as: 'operator', json: { title: 'files', cells: [cell(signals(join(allowed, 'signals.csv')))] } })).json();
    expect(ok.version).toBe(1);
    const updated = await t.call(`/api/notebooks/${ok.id}`, { as: 'operator', method: 'PUT', json: { version: 1, cells: [cell(llm('/etc/shadow'))] } });
    expect(updated.status).toBe(400);
    expect((await updated.json()).error.issues).toEqual([{ path: 'cells.0.config.params.prompt', message: expect.stringContaining(ALLOWED_TEXT) }]);
    expect((await (await t.call(`/api/notebooks/${ok.id}`, { as: 'viewer' })).json()).version).toBe(1);
  });

  test('running a cell saved before the check is refused too, without reading the file', async () => {
    // Straight into the store, as a notebook saved by an older server would be.
    const cells = [llm(secretPrompt), signals(secretCsv)].map((config, i) => ({ id: `c${i}`, kind: 'backtest' as const, config }));
    const nb = await t.server.deps.notebooks.create({ title: 'old', owner: 'operator', cells });
    for (const [cellId, path] of [['c0', 'config.params.prompt'], ['c1', 'config.params.file']]) {
      const res = await t.call(`/api/notebooks/${nb.id}/cells/${cellId}/run`, { as: 'operator', method: 'POST' });
      const text = await res.text();
      expect(res.status, text).toBe(400);
      expect(text).not.toContain(SECRET);
      expect(JSON.parse(text).error).toMatchObject({ code: 'invalid_config', issues: [{ path, message: expect.stringContaining(ALLOWED_TEXT) }] });
    }
    await expectNoSecretStored();
  });
});

test('a server whose TRADEBOOK_API_FILES_DIR names no folder refuses to start', () => {
  expect(() => serverDeps({ store: t.store, env: { TRADEBOOK_API_FILES_DIR: join(dir, 'missing') } })).toThrow(ServerConfigError);
  expect(() => serverDeps({ store: t.store, env: { TRADEBOOK_API_FILES_DIR: join(dir, 'missing') } })).toThrow(`TRADEBOOK_API_FILES_DIR: no folder at ${join(dir, 'missing')}`);
});
