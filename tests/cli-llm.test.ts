// `tradebook backtest --strategy llm` through the real bin: recorded against a scripted OpenAI-compatible server,
// then replayed with the server stopped. The CLI is a child process, so the server here answers it over HTTP.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rsiPolicy, startTestModelServer, type TestModelServer } from '../server/llm/test-model-server.ts';
import { cli, cliAsync, DATA, tempDb, tempDir } from './helpers.ts';

const db = tempDb();
const models = join(tempDir(), 'models.json');
writeFileSync(models, JSON.stringify({ 'scripted-test-model': { inputPerMillion: 0.5, outputPerMillion: 1.5, knowledgeCutoff: '2010-06-30' } }));
let server: TestModelServer;
const env = () => ({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-cli-secret', TRADEBOOK_LLM_MODEL: 'scripted-test-model', TRADEBOOK_LLM_MODELS: models });
const args = ['backtest', '--symbols', 'SPY,IWM', '--strategy', 'llm', '--param', 'every=10', '--from', '2010-01-01', '--to', '2011-12-31', '--commission-pct', '0.05', '--db', db, '--json'];

beforeAll(async () => {
  for (const symbol of ['SPY', 'IWM']) expect(cli(['data', 'import', join(DATA, 'daily', `${symbol}.csv`), '--symbol', symbol, '--db', db, '--quiet']).code).toBe(0);
  server = await startTestModelServer(rsiPolicy);
});
afterAll(() => server.close());

describe('tradebook backtest --strategy llm', () => {
  let live: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    live = await cliAsync([...args, '--llm', 'live'], env());
  });

  test('live: asks the model, names it from TRADEBOOK_LLM_MODEL, flags the look-ahead exposure, prints one JSON object', () => {
    expect(live.code, live.stderr).toBe(0);
    const report = JSON.parse(live.stdout);
    expect(report.config.params.model).toBe('scripted-test-model');
    expect(report.config.llm).toMatchObject({ model: 'scripted-test-model', knowledgeCutoff: '2010-06-30', prices: { inputPerMillion: 0.5, outputPerMillion: 1.5 } });
    // 2010-2011: 504 trading days, warm from the 20th: 485 bars, every 10th → 49 per symbol, 2 symbols.
    expect(report.llm.decisions).toBe(98);
    expect(server.requests).toHaveLength(98);
    expect(report.llm.lookAhead).toMatchObject({ exposed: true, knowledgeCutoff: '2010-06-30' });
    expect(report.warnings.join('\n')).toMatch(/look-ahead exposure: bars from 2010-01-04 fall before scripted-test-model's knowledge cutoff 2010-06-30/);
    expect(live.stdout + live.stderr).not.toContain('sk-cli-secret');
  });

  test('journal trace --prompt walks an order back to the decision and prints the exact prompt', async () => {
    const orderId = JSON.parse(live.stdout).fills[0].orderId;
    const r = await cliAsync(['journal', 'trace', orderId, '--prompt', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/decision\s+llm\s+\S+\s+scripted-test-model answered · prompt [0-9a-f]{12}…/);
    expect(r.stdout).toMatch(/--- system ---\nYou are a disciplined equity trader/);
    expect(r.stdout).toMatch(/--- user ---\nDate: \d{4}-\d{2}-\d{2} \(1Day bars\)/);
  });

  test('replay with the server stopped: byte-identical JSON and no request', async () => {
    await server.close();
    const replay = await cliAsync([...args, '--llm', 'replay', '--rerun'], env());
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toBe(live.stdout);
    expect(server.requests).toHaveLength(98);
  });

  test('replay without any endpoint configured works offline too', async () => {
    const replay = await cliAsync([...args, '--llm', 'replay', '--rerun'], { OPENAI_BASE_URL: '', OPENAI_API_KEY: '', TRADEBOOK_LLM_MODEL: 'scripted-test-model', TRADEBOOK_LLM_MODELS: models });
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toBe(live.stdout);
  });

  test('replay of another decoding setting fails with exit 1, counting the missing decisions', async () => {
    const r = await cliAsync([...args, '--param', 'temperature=0.5', '--llm', 'replay'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--llm replay: 98 of 98 decisions are not in the decision cache for model scripted-test-model/);
  });

  test('bad llm input is a usage error naming the flag, param or variable', async () => {
    const a = await cliAsync([...args, '--llm', 'sometimes'], env());
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--llm must be one of live, replay, record, got "sometimes"');
    const b = await cliAsync([...args.map((a) => (a === 'every=10' ? 'every=0' : a)), '--llm', 'replay'], env());
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('llm: param every="0" is invalid: expected an integer >= 1');
    const c = await cliAsync([...args, '--llm', 'replay'], { ...env(), TRADEBOOK_LLM_TIMEOUT_MS: 'soon' });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('TRADEBOOK_LLM_TIMEOUT_MS must be a whole number from 1 to 600000, got "soon"');
    const d = await cliAsync([...args, '--param', 'prompt=/nonexistent/prompt.md', '--llm', 'replay'], env());
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('cannot read prompt template /nonexistent/prompt.md: no such file');
    const e = await cliAsync(['backtest', '--symbols', 'SPY', '--strategy', 'llm', '--db', db, '--llm', 'replay'], { OPENAI_BASE_URL: '', TRADEBOOK_LLM_MODEL: '' });
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('llm: param model is required');
  });
});

describe('npm run demo with a model endpoint, then offline', () => {
  test('adds an llm run when an endpoint is configured, and replays its recorded answers in a later demo without one', async () => {
    const demoServer = await startTestModelServer(rsiPolicy);
    const demoDb = join(tempDir(), 'demo.duckdb');
    const llmEnv = { OPENAI_BASE_URL: demoServer.baseURL, OPENAI_API_KEY: 'sk-demo', TRADEBOOK_LLM_MODEL: 'scripted-test-model', TRADEBOOK_LLM_MODELS: models };
    let first;
    try {
      first = await cliAsync(['demo', '--db', demoDb, '--quiet'], llmEnv);
    } finally {
      await demoServer.close();
    }
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/LLM scripted-test-model on SPY from 2020-01-01, every 5 bars via http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(first.stdout).toMatch(/llm decisions\s/);
    expect(demoServer.requests.length).toBeGreaterThan(0);
    const offline = await cliAsync(['demo', '--db', demoDb, '--force', '--quiet'], { OPENAI_BASE_URL: '', OPENAI_API_KEY: '', TRADEBOOK_LLM_MODEL: 'scripted-test-model', TRADEBOOK_LLM_MODELS: models });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain('LLM scripted-test-model on SPY from 2020-01-01, every 5 bars (replayed from the recorded cache)');
    // Same run id and the same figures: the replay reproduced the recorded run.
    const row = (out: string) => out.split('\n').find((l) => l.startsWith('finalEquity'));
    expect(row(offline.stdout)).toBe(row(first.stdout));
    const ids = (out: string) => [...out.matchAll(/^\s+(bt-[0-9a-f]{16})\s+LLM/gm)].map((m) => m[1]);
    expect(ids(offline.stdout)).toEqual(ids(first.stdout));
  });

  test('without an endpoint or a recorded cache the demo still runs the rule strategies and says how to add the llm run', async () => {
    const db = join(tempDir(), 'demo.duckdb');
    const r = await cliAsync(['demo', '--db', db], { OPENAI_BASE_URL: '', OPENAI_API_KEY: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('llm strategy: not run (set OPENAI_BASE_URL and OPENAI_API_KEY');
    expect(r.stdout).toContain('SMA 50/200 cross on SPY');
    expect(r.stdout).not.toContain('LLM ');
    // The shared QQQ file has no rows from 2004-11-30 to 2011-03-23: the basket runs say so under the table.
    expect(r.stdout).toMatch(/\nWarnings:\n {2}bt-[0-9a-f]{16} {2}QQQ has no bars between 2004-11-30 and 2011-03-23 \(2,304 calendar days; /);
    // runs compare says it beside the metrics too, and carries each run's warnings in --json.
    const basket = [...r.stdout.matchAll(/^ {2}(bt-[0-9a-f]{16}) {2}QQQ has no bars/gm)].map((m) => m[1]);
    const spyOnly = /^ {2}(bt-[0-9a-f]{16}) {2}SMA 50\/200 cross on SPY/m.exec(r.stdout)![1];
    const compared = await cliAsync(['runs', 'compare', spyOnly, basket[0], '--db', db]);
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toContain(`\nwarnings\n  ${basket[0]}  QQQ has no bars between 2004-11-30 and 2011-03-23`);
    const json = JSON.parse((await cliAsync(['runs', 'compare', spyOnly, basket[0], '--db', db, '--json'])).stdout);
    expect(json.runs[0].warnings).toEqual([]);
    expect(json.runs[1].warnings).toEqual([expect.stringMatching(/^QQQ has no bars between 2004-11-30 and 2011-03-23/)]);
    // Not run means not journalled either: no llm run started (a fresh-user trial found a failed one in the journal).
    const starts = await cliAsync(['journal', 'show', '--db', db, '--kind', 'run.start', '--json']);
    expect(starts.code, starts.stderr).toBe(0);
    const strategies = (JSON.parse(starts.stdout) as { data: { config: { strategy: string } } }[]).map((e) => e.data.config.strategy);
    expect(strategies.length).toBeGreaterThanOrEqual(3);
    expect(strategies).not.toContain('llm');
  });
});
