// The llm strategy over HTTP: recorded from a scripted OpenAI-compatible server, its decisions (prompt hash, model,
// raw answer) readable per run, then replayed from the decision cache with the model server stopped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rsiPolicy, startTestModelServer, type TestModelServer } from '../llm/test-model-server.ts';
import { readEvents, startTestServer, type TestServer } from './test-kit.ts';

const dir = mkdtempSync(join(tmpdir(), 'tradebook-http-llm-'));
const CONFIG = { symbols: ['SPY'], from: '2020-01-01', to: '2020-06-30', strategy: 'llm', params: { every: '5', model: 'scripted-test-model' } };
let model: TestModelServer;
let t: TestServer;
const saved = { ...process.env };

beforeAll(async () => {
  model = await startTestModelServer(rsiPolicy);
  const catalog = join(dir, 'models.json');
  writeFileSync(catalog, JSON.stringify({ 'scripted-test-model': { inputPerMillion: 1, outputPerMillion: 2, knowledgeCutoff: '2016-01-01' } }));
  Object.assign(process.env, { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'sk-http-test-key-0123', TRADEBOOK_LLM_MODELS: catalog, TRADEBOOK_LLM_MAX_RETRIES: '0', TRADEBOOK_LLM_TIMEOUT_MS: '5000' });
  t = await startTestServer({ symbols: ['SPY'] });
});
afterAll(async () => {
  await t.stop();
  await model.close().catch(() => undefined);
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

async function runToEnd(path: string) {
  const res = await t.call(path, { as: 'operator', json: CONFIG });
  expect(res.status, await res.clone().text()).toBe(202);
  const job = await res.json();
  return (await readEvents(await t.call(`/api/backtests/${job.jobId}/events`, { as: 'viewer' }))).at(-1)!;
}

describe('an llm backtest over HTTP', () => {
  let recorded: { event: string; data: any };

  beforeAll(async () => {
    recorded = await runToEnd('/api/backtests?llm=record');
  });

  test('records: one decision per ask, each journalled with the model, prompt hash and raw answer', async () => {
    expect(recorded.event).toBe('completed');
    const asked = model.requests.length;
    expect(asked).toBeGreaterThan(0);
    expect(recorded.data.llm).toMatchObject({ model: 'scripted-test-model', decisions: asked });
    const { entries } = await (await t.call(`/api/runs/${recorded.data.runId}/decisions?limit=10000`, { as: 'viewer' })).json();
    const decisions = entries.filter((e: { kind: string }) => e.kind === 'decision');
    expect(decisions.length).toBe(asked);
    expect(JSON.stringify(decisions[0].data)).toMatch(/scripted-test-model/);
    expect(JSON.stringify(decisions)).not.toContain('sk-http-test-key-0123');
  });

  test('replays from the decision cache with the model server stopped: same run, same metrics', async () => {
    await model.close();
    // rerun=true: executed from the cache, not answered from the stored run.
    const replayed = await runToEnd('/api/backtests?llm=replay&rerun=true');
    expect(replayed.event).toBe('completed');
    expect(replayed.data.runId).toBe(recorded.data.runId);
    expect(replayed.data.metrics).toEqual(recorded.data.metrics);
    const starts = (await (await t.call(`/api/logs?run=${recorded.data.runId}&kind=run.start`, { as: 'viewer' })).json()).entries;
    expect(starts).toHaveLength(2);
  });

  test('cancel lands between model calls, whatever the feed batch size: the run stops early and is stored as cancelled', async () => {
    const slow = await startTestModelServer((req) => ({ ...(rsiPolicy(req) as { content: string }), delayMs: 20 }));
    process.env.OPENAI_BASE_URL = slow.baseURL;
    try {
      const config = { ...CONFIG, from: '2018-01-01', to: '2019-12-31', params: { every: '1', model: 'scripted-test-model' } };
      const job = await (await t.call('/api/backtests?llm=live', { as: 'operator', json: config })).json();
      expect(job.state).toBe('running');
      while (slow.requests.length < 3) await new Promise((r) => setTimeout(r, 10));
      expect((await t.call(`/api/backtests/${job.jobId}`, { as: 'operator', method: 'DELETE' })).status).toBe(202);
      const end = (await readEvents(await t.call(`/api/backtests/${job.jobId}/events`, { as: 'viewer' }))).at(-1)!;
      expect(end.event).toBe('cancelled');
      // About 480 warm bars would each have asked the model; the run stopped within a few of the cancel.
      expect(slow.requests.length).toBeLessThan(20);
      expect((await (await t.call(`/api/runs/${end.data.runId}`, { as: 'viewer' })).json()).status).toBe('cancelled');
    } finally {
      await slow.close();
    }
  });

  test('an unknown mode is a 400 naming query.llm', async () => {
    const res = await t.call('/api/backtests?llm=guess', { as: 'operator', json: CONFIG });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['query.llm']);
  });
});
