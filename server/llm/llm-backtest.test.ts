// The llm strategy end to end on real bars: a DuckDB store built from ../shared/data, the official SDK talking to a
// scripted OpenAI-compatible server on 127.0.0.1, then the same run replayed from the decision cache with the
// server stopped.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore, parseBarsFile, type Store } from '../../data/index.ts';
import type { JournalEntry } from '../../engine/index.ts';
import { DATA, tempDir } from '../../tests/helpers.ts';
import { bars, series } from '../../data/store/test-kit.ts';
import { DAY_MS } from '../../engine/index.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import type { BacktestReport } from '../backtest/report.ts';
import { traceOrder } from '../journal/trace-order.ts';
import { checkRunsAgainstJournal, decisionCache, writeSymbolNames } from '../../data/index.ts';
import { createLlmServices, type LlmMode } from './index.ts';
import { rsiPolicy, startTestModelServer, type TestModelServer } from './test-model-server.ts';

const SYMBOLS = ['SPY', 'QQQ', 'IWM'];
const dir = tempDir('tradebook-llm-');
const MODELS = join(dir, 'models.json');
// A model the catalog knows, with a cutoff inside the data: 2015 bars come before it, 2019 bars after it.
writeFileSync(MODELS, JSON.stringify({ 'scripted-test-model': { inputPerMillion: 1, outputPerMillion: 2, knowledgeCutoff: '2016-01-01' } }));
const CONFIG = { symbols: SYMBOLS, from: '2019-01-01', to: '2020-12-31', strategy: 'llm', params: { every: '5', model: 'scripted-test-model' }, cash: 100_000, commission: { pct: 0.05 } };

let store: Store;
let server: TestModelServer;
const env = () => ({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-secret-123', TRADEBOOK_LLM_MODELS: MODELS, TRADEBOOK_LLM_MAX_RETRIES: '0', TRADEBOOK_LLM_TIMEOUT_MS: '5000' });
const run = (mode: LlmMode, config: object = CONFIG, e: NodeJS.ProcessEnv = env()) => runBacktest(store, config, { llm: createLlmServices(store, { mode, env: e }), now: () => 0 });

beforeAll(async () => {
  store = await openStore(join(dir, 'llm.duckdb'));
  await store.importBars(await Promise.all(SYMBOLS.map((symbol) => parseBarsFile(join(DATA, 'daily', `${symbol}.csv`), { symbol, timeframe: '1Day', format: 'uniform', adjusted: false }))));
  server = await startTestModelServer(rsiPolicy);
});
afterAll(async () => {
  await server.close().catch(() => undefined);
  await store.close();
});

describe('an llm backtest, recorded live then replayed offline', () => {
  let live: BacktestReport;
  let liveRequests: number;

  beforeAll(async () => {
    live = await run('live');
    liveRequests = server.requests.length;
  });

  test('asks once per symbol every 5th bar after the 20-bar warm-up, and trades through the risk gate', () => {
    // 2019-2020 has 505 trading days; each symbol is warm from its 20th bar: 486 bars, asked on every 5th → 98 each.
    expect(live.llm).toMatchObject({ model: 'scripted-test-model', decisions: 3 * 98, invalidOutputs: 0, unavailable: 0 });
    expect(liveRequests).toBe(3 * 98);
    const l = live.llm as Record<string, number>;
    expect(l.buys + l.sells + l.holds).toBe(l.decisions);
    expect(l.buys).toBeGreaterThan(0);
    expect(live.counts.decisions).toBe(3 * 98);
    expect(live.counts.signals).toBe(l.buys + l.sells);
    expect(live.fills.length).toBeGreaterThan(0);
    expect(live.status).toBe('completed');
  });

  test('tokens and dollars add up from the usage the server reported, priced at $1 / $2 per million', () => {
    const l = live.llm as Record<string, number>;
    expect(l.promptTokens).toBeGreaterThan(0);
    expect(l.costUsd).toBeCloseTo((l.promptTokens * 1 + l.completionTokens * 2) / 1e6, 6);
  });

  test('prompts carry only point-in-time data: the last bar shown is the decision bar', async () => {
    const decisions = await store.queryJournal({ runId: live.runId, kind: 'decision', limit: 5 });
    for (const d of decisions) {
      const text = await decisionCache(store).prompt((d.data as { promptHash: string }).promptHash);
      const bars = [...text!.matchAll(/(\d{4}-\d{2}-\d{2}),[\d.]+,[\d.]+,[\d.]+,[\d.]+,\d+/g)].map((m) => m[1]);
      expect(bars.at(-1)).toBe(new Date(d.ts!).toISOString().slice(0, 10));
      expect(bars).toHaveLength(20);
    }
  });

  test('the same backtest with --llm replay and the server stopped: identical JSON, zero requests', async () => {
    await server.close();
    const services = createLlmServices(store, { mode: 'replay', env: env() });
    const replayed = await runBacktest(store, CONFIG, { llm: services, now: () => 0 });
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(live));
    expect(services.attempts()).toBe(0);
    expect(services.provider.progress).toMatchObject({ modelCalls: 0, cacheHits: 3 * 98, missing: 0 });
    expect(server.requests.length).toBe(liveRequests);
  });

  test('record mode with a full cache calls nothing either, and gives the same report', async () => {
    const services = createLlmServices(store, { mode: 'record', env: env() });
    const recorded = await runBacktest(store, CONFIG, { llm: services, now: () => 0 });
    expect(JSON.stringify(recorded)).toBe(JSON.stringify(live));
    expect(services.attempts()).toBe(0);
  });

  test('progress comes as the model answers, not once at the end of the (single) daily batch', async () => {
    const reports: [number, number][] = [];
    await runBacktest(store, CONFIG, { llm: createLlmServices(store, { mode: 'replay', env: env() }), now: () => 0, persist: false, onProgress: (d, t) => reports.push([d, t]) });
    // 505 slices; decisions on 98 of them (all three symbols are asked on the same slices): each is reported once answered.
    expect(reports.length).toBeGreaterThanOrEqual(98);
    expect(reports.every(([, t]) => t === 505)).toBe(true);
    expect(reports.map(([d]) => d)).toEqual([...reports.map(([d]) => d)].sort((a, b) => a - b));
    expect(reports[0][0]).toBeLessThan(30);
    expect(reports.at(-1)![0]).toBe(505);
  });

  test('replay of a run that was never recorded fails, saying how many decisions are missing, and stores nothing', async () => {
    const other = { ...CONFIG, params: { ...CONFIG.params, temperature: '0.7' } };
    const refused = await run('replay', other).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(refused).toMatch(/^--llm replay: 294 of 294 decisions are not in the decision cache for model scripted-test-model .*run bt-[0-9a-f]{16} was not stored/);
    const runs = await store.listRuns();
    expect(runs.map((r) => r.runId)).toEqual([live.runId]);
    // The refused execution was journalled as it ran; its run.end says failed, with why, never completed.
    const ends = (await store.queryJournal({ kind: 'run.end', limit: 100_000 })).filter((e) => e.runId !== live.runId);
    expect(ends).toHaveLength(1);
    // The message names the run whose journal says so.
    expect(refused).toContain(`run ${ends[0].runId} was not stored (its journal ends it as failed: tradebook journal show --run ${ends[0].runId})`);
    expect(ends[0].data).toMatchObject({ status: 'failed', error: 'decisions_missing: 294 of 294 decisions are not in the decision cache; the run was not stored' });
    expect(ends[0].data).not.toHaveProperty('notStored');
    // The journal's runs cross-check still holds: the stored run matches its completed run.end, the refused one is not a run.
    expect(await checkRunsAgainstJournal(store)).toMatchObject({ mismatches: [] });
  });

  test('from an order, the trace walks back to the decision, whose prompt is stored once under its hash', async () => {
    const orderId = live.fills[0].orderId;
    const trace = await traceOrder(store, orderId);
    const kinds = trace.map((e) => e.kind);
    expect(kinds.slice(0, 5)).toEqual(['run.start', 'decision', 'signal', 'risk.verdict', 'order.submitted']);
    const decision = trace[1] as JournalEntry & { data: Record<string, unknown> };
    // The tests above executed this run again from the cache, and a trace follows the newest execution: its
    // decision came from the cache, with the answer the model gave when the run was recorded.
    expect(decision.data).toMatchObject({ model: 'scripted-test-model', outcome: 'answered', source: 'cache', wrapping: 'bare' });
    const same = (await store.queryJournal({ runId: live.runId, kind: 'decision', limit: 100_000 })).filter((e) => (e.data as { promptHash: string }).promptHash === decision.data.promptHash);
    expect(same.length).toBeGreaterThan(1);
    expect(same[0].seq).toBeLessThan(decision.seq);
    expect(same[0].data).toMatchObject({ source: 'model', answer: decision.data.answer });
    expect((trace[2].data as { decisionSeq: number }).decisionSeq).toBe(decision.seq);
    const text = await decisionCache(store).prompt(decision.data.promptHash as string);
    expect(createHash('sha256').update(text!).digest('hex')).toBe(decision.data.promptHash);
    expect(JSON.parse(decision.data.answer as string).action).toBe(trace[2].data && (trace[2].data as { action: string }).action);
  });

  test('the run records look-ahead exposure against the model cutoff: 2019 bars are after 2016-01-01, so not exposed', async () => {
    expect(live.llm).toMatchObject({ lookAhead: { knowledgeCutoff: '2016-01-01', exposed: false } });
    expect(live.warnings.some((w) => w.startsWith('look-ahead'))).toBe(false);
  });

  test('the API key never reaches the journal or the stored run', async () => {
    const all = await store.queryJournal({ runId: live.runId, limit: 100_000 });
    expect(JSON.stringify(all)).not.toContain('sk-test-secret-123');
    expect(JSON.stringify(await store.getRun(live.runId))).not.toContain('sk-test-secret-123');
  });
});

describe('a misbehaving model never crashes a run', () => {
  let s2: TestModelServer;
  afterAll(() => s2?.close());

  test('hallucinated symbols are rejected as symbol_not_in_universe, garbage is invalid_output, and both are counted', async () => {
    let n = 0;
    s2 = await startTestModelServer((req) => {
      const user = req.body.messages.find((m) => m.role === 'user')!.content;
      const symbol = /Symbol: (\S+)/.exec(user)![1];
      n++;
      if (n % 3 === 1) return { content: JSON.stringify({ action: 'BUY', confidence: 0.9, rationale: 'typo', size: { kind: 'quantity', value: 1 }, symbol: symbol === 'SPY' ? 'SPYY' : symbol }) };
      if (n % 3 === 2) return { content: 'buy ten shares, trust me' };
      return { content: JSON.stringify({ action: 'HOLD', confidence: 0.5, rationale: 'wait', size: null, symbol }) };
    });
    const config = { ...CONFIG, symbols: ['SPY'], from: '2015-01-01', to: '2015-06-30', params: { every: '1', model: 'scripted-test-model', temperature: '0.1' } };
    const report = await run('live', config, { ...env(), OPENAI_BASE_URL: s2.baseURL });
    const l = report.llm as Record<string, number>;
    // 2015 H1: 124 trading days, warm from the 20th: 105 decisions, cycling hallucination / garbage / HOLD.
    expect(l.decisions).toBe(105);
    expect(l.invalidOutputs).toBe(35);
    expect(l.buys).toBe(35);
    expect(l.holds).toBe(35);
    expect(report.counts.invalid).toBe(35);
    expect(report.counts.riskRejected).toBe(35);
    expect(report.fills).toHaveLength(0);
    const reasons = new Set(report.rejections.map((r) => (r as { reason: string }).reason.split(':')[0]));
    expect(reasons).toEqual(new Set(['symbol_not_in_universe', 'invalid_output']));
    // 2015 is before the 2016-01-01 cutoff: the run is flagged, in its report and its journal.
    expect(report.warnings.some((w) => w.startsWith('look-ahead exposure: bars from 2015-01-02 fall before scripted-test-model'))).toBe(true);
    const start = (await store.queryJournal({ runId: report.runId, kind: 'run.start', limit: 1 }))[0];
    expect(start.data).toMatchObject({ lookAhead: { exposed: true, knowledgeCutoff: '2016-01-01' } });
  });

  test('a model that is down: every decision holds with its error journalled, the circuit opens, the run completes', async () => {
    const down = await startTestModelServer(() => ({ status: 503 }));
    try {
      const config = { ...CONFIG, symbols: ['SPY'], from: '2015-01-01', to: '2015-03-31', params: { every: '1', model: 'scripted-test-model', temperature: '0.2' } };
      const report = await run('live', config, { ...env(), OPENAI_BASE_URL: down.baseURL, TRADEBOOK_LLM_BREAKER_FAILURES: '3', TRADEBOOK_LLM_BREAKER_COOLDOWN_MS: '600000' });
      const l = report.llm as Record<string, number>;
      expect(report.status).toBe('completed');
      expect(l.unavailable).toBe(l.decisions);
      // Three real attempts open the circuit; the rest are refused without a request.
      expect(down.requests).toHaveLength(3);
      const decisions = await store.queryJournal({ runId: report.runId, kind: 'decision', limit: 1000 });
      expect((decisions[0].data as { error: string }).error).toMatch(/^HTTP 503/);
      expect((decisions[3].data as { error: string }).error).toMatch(/^circuit open after 3 consecutive failures/);
    } finally {
      await down.close();
    }
  });
});

describe('decision cadence', () => {
  test('on=change asks only when the indicators or the position moved', async () => {
    // 80 flat days: the indicators settle, so after the first question only SMA(50) appearing (bar 50) is news.
    const days = series(Date.UTC(2030, 0, 1), DAY_MS, 80);
    await store.importBars([bars('FLAT', '1Day', days, { price: () => 10 })]);
    const hold = await startTestModelServer((req) => ({ content: JSON.stringify({ action: 'HOLD', confidence: 0.5, rationale: 'flat', size: null, symbol: 'FLAT' }) }));
    try {
      const base = { ...CONFIG, symbols: ['FLAT'], from: null, to: null };
      const e2 = { ...env(), OPENAI_BASE_URL: hold.baseURL };
      const every = await run('live', { ...base, params: { every: '1', model: 'scripted-test-model' } }, e2);
      const change = await run('live', { ...base, params: { every: '1', on: 'change', model: 'scripted-test-model' } }, e2);
      // Warm from bar 20: 61 due bars.
      expect(every.llm).toMatchObject({ decisions: 61, skipped: 0 });
      expect(change.llm).toMatchObject({ decisions: 2, skipped: 59 });
      const asked = hold.requests.slice(61).map((r) => /^Date: (\S+)/m.exec(r.body.messages.find((m) => m.role === 'user')!.content)![1]);
      expect(asked).toEqual([new Date(days[19]).toISOString().slice(0, 10), new Date(days[49]).toISOString().slice(0, 10)]);
    } finally {
      await hold.close();
    }
  });
});

describe('what the prompt tells the model', () => {
  test('the symbol name when the store knows it, the risk limits in force, the account, and nothing after the bar', async () => {
    await writeSymbolNames(store, new Map([['SPY', 'SPDR S&P 500 ETF Trust']]));
    const seen = await startTestModelServer(rsiPolicy);
    try {
      const config = { ...CONFIG, symbols: ['SPY', 'IWM'], from: '2018-01-01', to: '2018-03-31', params: { every: '20', model: 'scripted-test-model', temperature: '0.3' }, risk: { maxPositionWeight: 0.5 } };
      await run('live', config, { ...env(), OPENAI_BASE_URL: seen.baseURL });
      const users = seen.requests.map((r) => r.body.messages.find((m) => m.role === 'user')!.content);
      expect(users.length).toBeGreaterThan(0);
      expect(users.find((u) => u.includes('Symbol: SPY'))).toContain('Symbol: SPY (SPDR S&P 500 ETF Trust)');
      expect(users.find((u) => u.includes('Symbol: IWM'))).toContain('Symbol: IWM (name not known)');
      for (const u of users) {
        expect(u).toContain('maxPositionWeight=0.5');
        expect(u).toMatch(/Account: position flat; cash 100000\.00; equity 100000\.00|Account: position (long|short) \d+ shares/);
        const date = /^Date: (\S+)/m.exec(u)![1];
        const barDates = [...u.matchAll(/^(\d{4}-\d{2}-\d{2}),/gm)].map((m) => m[1]);
        expect(barDates.at(-1)).toBe(date);
        expect(barDates.every((d) => d <= date)).toBe(true);
      }
    } finally {
      await seen.close();
    }
  });
});
