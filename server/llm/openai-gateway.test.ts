import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { judgeAnswer, type ModelRequest, type ModelSettings } from '../../engine/index.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { ModelCatalog } from './model-catalog.ts';
import { openAiGateway, type OpenAiGatewayOptions } from './openai-gateway.ts';
import { startTestModelServer, type ScriptedReply, type TestModelServer } from './test-model-server.ts';

// Every case goes through the official openai SDK to a local OpenAI-compatible server on 127.0.0.1.
const SETTINGS: ModelSettings = { model: 'gpt-4o-mini', temperature: 0, maxTokens: 200, seed: null };
const REQUEST: ModelRequest = { promptHash: 'h1', messages: [{ role: 'system', content: 'rules' }, { role: 'user', content: 'Decide for SPY now.' }] };
const VALID = { action: 'BUY', confidence: 0.7, rationale: 'trend up', size: { kind: 'quantity', value: 10 }, symbol: 'SPY' };

let server: TestModelServer;
beforeAll(async () => {
  server = await startTestModelServer(() => ({ content: JSON.stringify(VALID) }));
});
afterAll(() => server.close());

function gateway(over: Partial<OpenAiGatewayOptions> = {}) {
  const breaker = over.breaker ?? new CircuitBreaker({ failureThreshold: 100, cooldownMs: 1000, now: () => performance.now() });
  return openAiGateway(SETTINGS, { baseURL: server.baseURL, apiKey: 'test-key', timeoutMs: 5000, maxRetries: 3, concurrency: 4, breaker, catalog: new ModelCatalog({ 'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, knowledgeCutoff: '2023-10-01' } }), now: () => performance.now(), ...over });
}

/** Scripts the server with a sequence of replies (the last repeats) and returns the requests made by one call. */
async function callWith(replies: ScriptedReply[], over: Partial<OpenAiGatewayOptions> = {}) {
  server.script((_req, n) => replies[Math.min(n - before - 1, replies.length - 1)]);
  const before = server.requests.length;
  const answer = await gateway(over).complete(REQUEST);
  return { answer, requests: server.requests.slice(before) };
}

describe('the structured request', () => {
  test('sends the model, messages, decoding settings and the answer schema as a strict json_schema response format', async () => {
    const { answer, requests } = await callWith([{ content: JSON.stringify(VALID) }]);
    expect(requests).toHaveLength(1);
    const body = requests[0].body;
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.messages).toEqual([{ role: 'system', content: 'rules' }, { role: 'user', content: 'Decide for SPY now.' }]);
    expect(body.temperature).toBe(0);
    // A compatible server gets max_tokens (OpenAI's own API would get max_completion_tokens).
    expect(body.max_tokens).toBe(200);
    expect(body.response_format?.type).toBe('json_schema');
    expect(body.response_format?.json_schema?.name).toBe('signal');
    expect(body.response_format?.json_schema?.strict).toBe(true);
    const schema = body.response_format?.json_schema?.schema as { required: string[]; additionalProperties: boolean };
    expect(schema.required.sort()).toEqual(['action', 'confidence', 'rationale', 'size', 'symbol']);
    expect(schema.additionalProperties).toBe(false);
    // The key travels in the Authorization header only.
    expect(requests[0].headers.authorization).toBe('Bearer test-key');
    expect(answer.source).toBe('model');
    expect(answer.error).toBeNull();
    expect(judgeAnswer(answer.text!)).toMatchObject({ ok: true, wrapping: 'bare', value: VALID });
  });

  test('reports the usage tokens and prices them from the catalog: (in × 0.15 + out × 0.60) / 1e6 dollars', async () => {
    const { answer } = await callWith([{ content: JSON.stringify(VALID) }]);
    const promptChars = 'rules'.length + 1 + 'Decide for SPY now.'.length; // the server joins messages with a newline
    expect(answer.promptTokens).toBe(Math.ceil(promptChars / 4));
    expect(answer.completionTokens).toBe(Math.ceil(JSON.stringify(VALID).length / 4));
    expect(answer.costUsd).toBeCloseTo((answer.promptTokens * 0.15 + answer.completionTokens * 0.6) / 1e6, 15);
    expect(answer.latencyMs).toBeGreaterThan(0);
  });
});

describe('answers, parsed strictly but forgiving of wrapping', () => {
  const json = JSON.stringify(VALID);
  test.each([
    { name: 'bare JSON', content: `  ${json}\n`, ok: true, wrapping: 'bare' },
    { name: 'fenced JSON', content: `Here you go:\n\`\`\`json\n${json}\n\`\`\``, ok: true, wrapping: 'fenced' },
    { name: 'JSON inside prose', content: `I think we should buy. ${json} That is my answer {not json}.`, ok: true, wrapping: 'prose' },
  ])('$name is accepted', async ({ content, wrapping }) => {
    const { answer } = await callWith([{ content }]);
    expect(judgeAnswer(answer.text!)).toMatchObject({ ok: true, wrapping, value: VALID });
  });

  test.each([
    { name: 'a quantity given as the word "ten"', answer: { ...VALID, size: { kind: 'quantity', value: 'ten' } }, issue: /^size\.value: /m },
    { name: 'a missing required field (confidence)', answer: { action: 'BUY', rationale: 'x', size: VALID.size, symbol: 'SPY' }, issue: /confidence/ },
    { name: 'an unknown action', answer: { ...VALID, action: 'SHORT_SQUEEZE' }, issue: /^action: / },
    { name: 'an extra field', answer: { ...VALID, leverage: 5 }, issue: /leverage/ },
    { name: 'a negative quantity', answer: { ...VALID, size: { kind: 'quantity', value: -5 } }, issue: /size\.value/ },
  ])('$name is invalid_output, naming the field', async ({ answer: a, issue }) => {
    const { answer } = await callWith([{ content: JSON.stringify(a) }]);
    const verdict = judgeAnswer(answer.text!);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.issues).toMatch(issue);
  });

  test('text with no JSON object is invalid_output saying so', async () => {
    const { answer } = await callWith([{ content: 'I would rather not say.' }]);
    expect(judgeAnswer(answer.text!)).toMatchObject({ ok: false, issues: 'no JSON object found in the answer' });
  });

  test('a hallucinated symbol still parses: the risk gate, not the parser, rejects it (see llm-backtest.test.ts)', async () => {
    const { answer } = await callWith([{ content: JSON.stringify({ ...VALID, symbol: 'APPL' }) }]);
    expect(judgeAnswer(answer.text!)).toMatchObject({ ok: true, value: { symbol: 'APPL' } });
  });
});

describe('resilience', () => {
  test('429 with retry-after: 1 then success: waits the second the server asked for, then answers', async () => {
    const { answer, requests } = await callWith([{ status: 429, headers: { 'retry-after': '1' } }, { content: JSON.stringify(VALID) }]);
    expect(requests).toHaveLength(2);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(950);
    expect(answer.error).toBeNull();
    expect(judgeAnswer(answer.text!).ok).toBe(true);
  });

  test('500 twice then success: three attempts, one answer', async () => {
    const { answer, requests } = await callWith([{ status: 500 }, { status: 500 }, { content: JSON.stringify(VALID) }]);
    expect(requests).toHaveLength(3);
    // Backoff between attempts (the SDK's: from 0.5 s, with jitter of up to a quarter less).
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(300);
    expect(answer.error).toBeNull();
  });

  test('a hang past the timeout: each attempt is cut at the timeout, and the call ends as an error answer, not an exception', async () => {
    const started = performance.now();
    const { answer, requests } = await callWith([{ hang: true }], { timeoutMs: 300, maxRetries: 1 });
    const elapsed = performance.now() - started;
    expect(requests).toHaveLength(2);
    expect(answer.text).toBeNull();
    expect(answer.source).toBe('none');
    expect(answer.error).toBe('timed out after 300 ms per attempt (2 attempts)');
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(4000);
  });

  test('a 400 is not retried and says what the server said', async () => {
    const { answer, requests } = await callWith([{ status: 400, message: 'model not found' }]);
    expect(requests).toHaveLength(1);
    expect(answer.error).toMatch(/^HTTP 400 after 4 attempts: .*model not found/);
  });

  test('the circuit opens after consecutive failures, refuses without calling, and closes after a good trial', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => now });
    server.script(() => ({ status: 503 }));
    const g = gateway({ breaker, maxRetries: 0 });
    const before = server.requests.length;
    expect((await g.complete(REQUEST)).error).toMatch(/^HTTP 503/);
    expect((await g.complete(REQUEST)).error).toMatch(/^HTTP 503/);
    expect(breaker.state).toBe('open');
    const refused = await g.complete(REQUEST);
    expect(refused.error).toBe('circuit open after 2 consecutive failures; next trial in 1000 ms');
    expect(server.requests.length - before).toBe(2); // the refused call never reached the server
    now = 999;
    expect((await g.complete(REQUEST)).error).toMatch(/^circuit open/);
    now = 1000;
    server.script(() => ({ content: JSON.stringify(VALID) }));
    const trial = await g.complete(REQUEST);
    expect(trial.error).toBeNull();
    expect(breaker.state).toBe('closed');
    expect(server.requests.length - before).toBe(3);
  });

  test('a failed trial re-opens the circuit for another cool-down', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    breaker.failure();
    expect(breaker.refuse()).toMatch(/circuit open/);
    now = 100;
    expect(breaker.refuse()).toBeNull(); // the trial
    expect(breaker.state).toBe('half-open');
    expect(breaker.refuse()).toBe('circuit half-open: a trial call is in flight');
    breaker.failure();
    expect(breaker.state).toBe('open');
    now = 150;
    expect(breaker.refuse()).toMatch(/next trial in 50 ms/);
  });

  test('never more requests in flight than the concurrency cap', async () => {
    const fresh = await startTestModelServer(() => ({ content: JSON.stringify(VALID), delayMs: 80 }));
    try {
      const capped = openAiGateway(SETTINGS, { baseURL: fresh.baseURL, apiKey: 'k', timeoutMs: 5000, maxRetries: 0, concurrency: 2, breaker: new CircuitBreaker({ failureThreshold: 5, cooldownMs: 1, now: () => 0 }), catalog: new ModelCatalog({}), now: () => performance.now() });
      const answers = await Promise.all(Array.from({ length: 6 }, () => capped.complete(REQUEST)));
      expect(answers.every((a) => a.error === null)).toBe(true);
      expect(fresh.requests).toHaveLength(6);
      expect(fresh.maxInFlight).toBe(2);
    } finally {
      await fresh.close();
    }
  });
});
