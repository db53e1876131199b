// runs show and runs compare of llm runs through the real bin: the model rows, and a loud line when no model call
// gave a valid answer. The model is a scripted OpenAI-compatible server on 127.0.0.1, never a model.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rsiPolicy, startTestModelServer, type TestModelServer } from '../server/llm/test-model-server.ts';
import { cli, cliAsync, DATA, tempDb, tempDir } from './helpers.ts';

const db = tempDb();
const models = join(tempDir(), 'models.json');
writeFileSync(models, JSON.stringify({ 'scripted-test-model': { inputPerMillion: 0.5, outputPerMillion: 1.5, knowledgeCutoff: '2005-01-01' } }));
let healthy: TestModelServer;
let broken: TestModelServer;
const env = (server: TestModelServer) => ({
  OPENAI_BASE_URL: server.baseURL,
  OPENAI_API_KEY: 'sk-audit',
  TRADEBOOK_LLM_MODEL: 'scripted-test-model',
  TRADEBOOK_LLM_MODELS: models,
  TRADEBOOK_LLM_MAX_RETRIES: '0',
});
// SPY in 2010: 252 trading days, warm from the 20th bar: 233 bars, asked on every 20th → ceil(233 / 20) = 12 decisions.
const args = ['backtest', '--symbols', 'SPY', '--strategy', 'llm', '--param', 'every=20', '--from', '2010-01-01', '--to', '2010-12-31', '--llm', 'live', '--db', db, '--json'];
const ids: { ok?: string; failed?: string } = {};

beforeAll(async () => {
  expect(cli(['data', 'import', join(DATA, 'daily/SPY.csv'), '--symbol', 'SPY', '--db', db, '--quiet']).code).toBe(0);
  healthy = await startTestModelServer(rsiPolicy);
  broken = await startTestModelServer(() => ({ status: 500, message: 'scripted outage' }));
  const ok = await cliAsync(args, env(healthy));
  expect(ok.code, ok.stderr).toBe(0);
  ids.ok = JSON.parse(ok.stdout).runId;
  // Another prompt template makes it another run; every call to this server fails.
  const prompt = join(tempDir(), 'prompt.md');
  writeFileSync(prompt, `${'{{symbol}} {{date}} {{bars}} {{position}} {{cash}}'}\nAnswer with JSON.\n`);
  const failed = await cliAsync([...args, '--param', `prompt=${prompt}`], env(broken));
  expect(failed.code, failed.stderr).toBe(0);
  const report = JSON.parse(failed.stdout);
  ids.failed = report.runId;
  expect(report.llm).toMatchObject({ decisions: 12, buys: 0, sells: 0, holds: 0, invalidOutputs: 0, unavailable: 12 });
  expect(report.warnings).toContain('every one of the 12 model calls failed (12 unavailable, 0 invalid_output): all decisions degraded to HOLD, so this run measures no model');
}, 120_000);
afterAll(async () => {
  await healthy?.close();
  await broken?.close();
});

describe('llm runs in runs show and runs compare', () => {
  test('runs show prints the model rows beside the metrics', async () => {
    const report = JSON.parse((await cliAsync(['runs', 'show', ids.ok!, '--db', db, '--json'])).stdout);
    const l = report.llm;
    expect(l.decisions).toBe(12);
    const r = await cliAsync(['runs', 'show', ids.ok!, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`llm decisions\\s+12 \\(${l.invalidOutputs} invalid_output, ${l.unavailable} unavailable\\)`));
    expect(r.stdout).toMatch(new RegExp(`llm answers\\s+BUY ${l.buys} · SELL ${l.sells} · HOLD ${l.holds}`));
    expect(r.stdout).toMatch(new RegExp(`llm tokens\\s+${(l.promptTokens + l.completionTokens).toLocaleString('en-US')}`));
    expect(r.stdout).toMatch(new RegExp(`llm cost\\s+\\$${l.costUsd.toFixed(4)}`));
    expect(r.stdout).not.toContain('WARNING');
  });

  test('runs show of a run whose every model call failed says so loudly', async () => {
    const r = await cliAsync(['runs', 'show', ids.failed!, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/llm decisions\s+12 \(0 invalid_output, 12 unavailable\)/);
    expect(r.stdout).toMatch(/llm answers\s+BUY 0 · SELL 0 · HOLD 0/);
    expect(r.stdout).toContain(`!!! WARNING: run ${ids.failed}: every one of the 12 model calls failed (12 unavailable, 0 invalid_output): all decisions degraded to HOLD`);
    // Said once, loudly, not again as an ordinary warning line.
    expect(r.stdout.match(/every one of the 12 model calls failed/g)).toHaveLength(1);
  });

  test('the backtest command itself ends with the loud line, said once (not again as a warning on stderr)', async () => {
    const prompt = args.indexOf('--json');
    const human = [...args.slice(0, prompt), ...args.slice(prompt + 1)];
    const failedPrompt = (await cliAsync(['runs', 'show', ids.failed!, '--db', db, '--json'])).stdout;
    const file = JSON.parse(failedPrompt).config.params.prompt as string;
    const r = await cliAsync([...human, '--param', `prompt=${file}`], env(broken));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`!!! WARNING: run ${ids.failed}: every one of the 12 model calls failed (12 unavailable, 0 invalid_output)`);
    expect(`${r.stdout}${r.stderr}`.match(/every one of the 12 model calls failed/g)).toHaveLength(1);
  }, 60_000);

  test('runs compare shows both runs’ model rows and the loud line for the failed one only', async () => {
    const r = await cliAsync(['runs', 'compare', ids.ok!, ids.failed!, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/llm decisions\s+12 \(\d+ invalid_output, \d+ unavailable\)\s+12 \(0 invalid_output, 12 unavailable\)/);
    expect(r.stdout).toContain(`!!! WARNING: run ${ids.failed}: every one of the 12 model calls failed`);
    expect(r.stdout).not.toContain(`WARNING: run ${ids.ok}`);
  });
});

describe('after an outage', () => {
  // Last: it replaces the failed run with an answered one.
  test('the default command (record) asks again a stored run whose model calls failed, instead of showing it from the store', async () => {
    const file = JSON.parse((await cliAsync(['runs', 'show', ids.failed!, '--db', db, '--json'])).stdout).config.params.prompt as string;
    const record = args.map((a) => (a === 'live' ? 'record' : a));
    const before = healthy.requests.length;
    const r = await cliAsync([...record, '--param', `prompt=${file}`], env(healthy));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.runId).toBe(ids.failed);
    expect(report.llm).toMatchObject({ decisions: 12, unavailable: 0 });
    // The 12 recorded failures are the cache's only entries for this prompt: each is asked again, once.
    expect(healthy.requests.length - before).toBe(12);
    expect(r.stderr).not.toContain('is already stored');
    // Now every call answered: the same command is shown from the store, asking nothing.
    const again = await cliAsync([...record, '--param', `prompt=${file}`], env(healthy));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('is already stored');
    expect(healthy.requests.length - before).toBe(12);
  }, 60_000);
});
