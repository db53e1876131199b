// Ctrl-C on `tradebook backtest --strategy llm` through the real bin, against a slow scripted OpenAI-compatible server
// on 127.0.0.1 (never a model): the first SIGINT cancels the run as the API's cancel does, stores it as cancelled and
// keeps the answers received in the decision cache; a second SIGINT exits at once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rsiPolicy, startTestModelServer, type TestModelServer } from '../server/llm/test-model-server.ts';
import { cli, cliAsync, DATA, spawnCli, tempDb, tempDir } from './helpers.ts';

const db = tempDb();
const models = join(tempDir(), 'models.json');
writeFileSync(models, JSON.stringify({ 'scripted-test-model': { inputPerMillion: 0.5, outputPerMillion: 1.5, knowledgeCutoff: '2005-01-01' } }));
let server: TestModelServer;
let delayMs = 100;
const env = () => ({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-interrupt', TRADEBOOK_LLM_MODEL: 'scripted-test-model', TRADEBOOK_LLM_MODELS: models, TRADEBOOK_LLM_MAX_RETRIES: '0' });
// SPY 2010-2011: 504 trading days, warm from the 20th bar: 485 bars, asked on every 10th → 49 decisions, one at a time.
const args = ['backtest', '--symbols', 'SPY', '--strategy', 'llm', '--param', 'every=10', '--from', '2010-01-01', '--to', '2011-12-31', '--llm', 'record', '--db', db, '--json'];


async function waitFor(check: () => boolean, what: string): Promise<void> {
  const until = performance.now() + 60_000;
  while (!check()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  expect(cli(['data', 'import', join(DATA, 'daily/SPY.csv'), '--symbol', 'SPY', '--db', db, '--quiet']).code).toBe(0);
  server = await startTestModelServer((req) => ({ ...(rsiPolicy(req) as { content: string }), delayMs }));
});
afterAll(() => server.close());

describe('Ctrl-C on an llm backtest', () => {
  test('the first SIGINT stores the run as cancelled, keeps the answers received in the decision cache, prints what was kept, exit 130', async () => {
    const run = spawnCli(args, env());
    await waitFor(() => server.requests.length >= 4, 'four model requests');
    run.child.kill('SIGINT');
    const r = await run.closed;
    expect(r.code, r.stderr).toBe(130);
    const received = server.requests.length;
    expect(received).toBeLessThan(49);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('cancelled');
    expect(report.llm.decisions).toBe(received);
    // The run ends where it was stopped: SPY's bars do not "end before the run's last bar".
    expect(report.warnings.join('\n')).not.toMatch(/bars end/);
    expect(r.stderr).toMatch(/interrupted: stopping after the bar in hand/);
    expect(r.stderr).toMatch(new RegExp(`cancelled: run ${report.runId} stored as cancelled after [\\d,]+ of 504 bars`));
    expect(r.stderr).toContain(`kept in the decision cache: the ${received} model answers received`);

    // The run is stored, as cancelled, and the journal (chain and runs cross-check) verifies.
    const shown = await cliAsync(['runs', 'show', report.runId, '--db', db, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ runId: report.runId, status: 'cancelled' });
    const verify = await cliAsync(['journal', 'verify', '--db', db]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    // The answers were written: the same run again asks the model only for the rest, and completes.
    delayMs = 0;
    const again = await cliAsync(args, env());
    expect(again.code, again.stderr).toBe(0);
    const full = JSON.parse(again.stdout);
    expect(full).toMatchObject({ runId: report.runId, status: 'completed', llm: { decisions: 49 } });
    expect(server.requests.length).toBe(49);
  });

  test('a second SIGINT exits at once, without waiting for the model call in flight', async () => {
    delayMs = 30_000;
    const before = server.requests.length;
    const run = spawnCli([...args, '--param', 'temperature=0.3'], env());
    await waitFor(() => server.requests.length > before, 'a model request');
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    const sentAt = performance.now();
    run.child.kill('SIGINT');
    const r = await run.closed;
    expect(r.code, r.stderr).toBe(130);
    expect(r.endedAt - sentAt).toBeLessThan(5_000);
    expect(r.stdout).toBe('');
  });
});
