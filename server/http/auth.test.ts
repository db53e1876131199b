import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseTokens, tokensFromEnv, TokenConfigError } from './auth/tokens.ts';
import { jsonLogger, redact } from './logger.ts';
import { serverDeps, ServerConfigError } from './server.ts';
import { startTestServer, TOKENS, type TestServer } from './test-kit.ts';

const CSV = 'timestamp,open,high,low,close,volume\n2030-01-02,10,11,9,10.5,100\n2030-01-03,10.5,11,10,10.8,120\n';

/** Every mutating route, with a request that passes validation, and the role it needs. */
const MUTATING: { name: string; method: string; path: string; json?: unknown; body?: string; headers?: Record<string, string>; role: 'operator' | null }[] = [
  { name: 'start a backtest', method: 'POST', path: '/api/backtests', json: { symbols: ['SPY'], strategy: 'buy-and-hold' }, role: 'operator' },
  { name: 'cancel (DELETE)', method: 'DELETE', path: '/api/backtests/job-unknown', role: 'operator' },
  { name: 'cancel (POST)', method: 'POST', path: '/api/backtests/job-unknown/cancel', role: 'operator' },
  { name: 'import', method: 'POST', path: '/api/market-data/import?symbol=ZZZ&filename=zzz.csv', body: CSV, headers: { 'content-type': 'text/csv' }, role: 'operator' },
  { name: 'sql', method: 'POST', path: '/api/sql', json: { sql: 'SELECT 1' }, role: 'operator' },
  { name: 'notebook create', method: 'POST', path: '/api/notebooks', json: { title: 'n', cells: [] }, role: 'operator' },
  { name: 'notebook update', method: 'PUT', path: '/api/notebooks/nb-unknown', json: { version: 1, title: 'x' }, role: 'operator' },
  { name: 'notebook delete', method: 'DELETE', path: '/api/notebooks/nb-unknown', role: 'operator' },
  { name: 'notebook cell run', method: 'POST', path: '/api/notebooks/nb-unknown/cells/c1/run', role: 'operator' },
];

let t: TestServer;
const lines: string[] = [];
beforeAll(async () => {
  t = await startTestServer({ symbols: ['SPY'], logger: jsonLogger({ write: (l) => lines.push(l) }) });
});
afterAll(async () => {
  await t.stop();
});

describe('the auth matrix on every mutating route', () => {
  test.each(MUTATING)('$name: no token and a wrong token are 401, viewer 403, operator and admin pass', async (route) => {
    const send = (headers: Record<string, string>) => fetch(`${t.url}${route.path}`, { method: route.method, headers: { ...(route.json ? { 'content-type': 'application/json' } : {}), ...(route.headers ?? {}), ...headers }, body: route.json ? JSON.stringify(route.json) : route.body });
    expect((await send({})).status).toBe(401);
    expect((await send({ authorization: 'Bearer not-a-valid-token-at-all' })).status).toBe(401);
    expect((await send({ authorization: `Basic ${TOKENS.operator}` })).status).toBe(401);
    const viewer = await send({ authorization: `Bearer ${TOKENS.viewer}` });
    expect(viewer.status).toBe(403);
    expect((await viewer.json()).error.code).toBe('forbidden');
    for (const role of ['operator', 'admin'] as const) {
      const res = await send({ authorization: `Bearer ${TOKENS[role]}` });
      // Past auth: success, or what the route itself says (unknown job or notebook 404, no SQL sandbox here 503).
      expect([200, 201, 202, 404, 503], `${role}: ${await res.clone().text()}`).toContain(res.status);
    }
    await t.server.deps.backtests.idle();
  });

  test('reads need a token too; /health, /ready and the OpenAPI document do not', async () => {
    for (const path of ['/api/runs', '/api/logs', '/api/market-data/symbols', '/api/backtests', '/api/session']) {
      expect((await t.call(path)).status, path).toBe(401);
      expect((await t.call(path, { as: 'viewer' })).status, path).toBe(200);
    }
    for (const path of ['/health', '/ready', '/api/openapi.json', '/api/docs']) expect((await t.call(path)).status, path).toBe(200);
  });

  test('every mutating request is journalled with the token name as actor, and no token appears in the journal or the log', async () => {
    const res = await t.call('/api/logs?kind=api.request&format=ndjson', { as: 'viewer' });
    const entries = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    const actors = new Set(entries.map((e) => e.actor));
    expect(actors).toEqual(new Set(['anonymous', 'viewer', 'operator', 'admin']));
    const refused = entries.filter((e) => e.actor === 'viewer');
    expect(refused.length).toBe(MUTATING.length);
    expect(refused.every((e) => e.data.status === 403)).toBe(true);
    const everything = (await (await t.call('/api/logs?format=ndjson', { as: 'viewer' })).text()) + lines.join('');
    for (const token of [...Object.values(TOKENS), 'not-a-valid-token-at-all']) expect(everything).not.toContain(token);
  });
});

describe('browser sessions', () => {
  test('sign in → HttpOnly SameSite=Strict cookie + CSRF token; changes need the header; EventSource works with the cookie; sign out', async () => {
    expect((await t.call('/api/session', { json: { token: 'wrong-token-wrong-token' } })).status).toBe(401);
    const signIn = await t.call('/api/session', { json: { token: TOKENS.operator } });
    expect(signIn.status).toBe(200);
    const { name, role, csrfToken } = await signIn.json();
    expect({ name, role }).toEqual({ name: 'operator', role: 'operator' });
    const setCookie = signIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^tb_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // plain http on loopback
    const cookie = setCookie.split(';')[0];

    const me = await t.call('/api/session', { headers: { cookie } });
    expect(await me.json()).toMatchObject({ name: 'operator', role: 'operator', via: 'session', csrfToken });

    const body = { symbols: ['SPY'], strategy: 'buy-and-hold' };
    expect((await t.call('/api/backtests', { json: body, headers: { cookie } })).status).toBe(403);
    expect((await t.call('/api/backtests', { json: body, headers: { cookie, 'x-csrf-token': 'forged' } })).status).toBe(403);
    expect((await t.call('/api/backtests', { json: body, headers: { cookie, 'x-csrf-token': csrfToken, origin: 'https://evil.example' } })).status).toBe(403);
    expect((await t.call('/api/backtests', { json: body, headers: { cookie, 'x-csrf-token': csrfToken, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    const started = await t.call('/api/backtests', { json: body, headers: { cookie, 'x-csrf-token': csrfToken, origin: t.url } });
    expect(started.status).toBe(202);
    const job = await started.json();

    const events = await fetch(`${t.url}/api/backtests/${job.jobId}/events`, { headers: { cookie, accept: 'text/event-stream' } });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await events.text()).toMatch(/event: completed/);

    expect((await t.call('/api/session', { method: 'DELETE', headers: { cookie } })).status).toBe(403); // no CSRF header
    const out = await t.call('/api/session', { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/tb_session=;.*Max-Age=0/);
    expect((await t.call('/api/session', { headers: { cookie } })).status).toBe(401);
    expect((await t.call('/api/runs', { headers: { cookie } })).status).toBe(401);
  });

  test('a bearer token needs no CSRF header; a wrong bearer is refused even with a valid cookie', async () => {
    const { csrfToken: _c } = await (await t.call('/api/session', { json: { token: TOKENS.viewer } })).json();
    expect((await t.call('/api/backtests/job-x/cancel', { method: 'POST', as: 'operator' })).status).toBe(404);
    expect((await t.call('/api/runs', { headers: { authorization: 'Bearer wrong-wrong-wrong-wrong' } })).status).toBe(401);
  });
});

describe('limits and headers', () => {
  test('rate limit per token: 429 with retry-after once over the limit, other tokens unaffected', async () => {
    const limited = await startTestServer({ symbols: ['SPY'], env: { TRADEBOOK_RATE_LIMIT: '3' } });
    try {
      for (let i = 0; i < 3; i++) expect((await limited.call('/api/runs', { as: 'viewer' })).status).toBe(200);
      const over = await limited.call('/api/runs', { as: 'viewer' });
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect((await over.json()).error.code).toBe('rate_limited');
      expect((await limited.call('/api/runs', { as: 'operator' })).status).toBe(200);
      expect((await limited.call('/health')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  test('secure headers, request ids, no CORS unless configured', async () => {
    const res = await t.call('/api/runs', { as: 'viewer', headers: { origin: 'https://elsewhere.example', 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await t.call('/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('the access log is one JSON object per line with the request id and no secrets', () => {
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.some((l) => l.msg === 'request' && l.requestId === 'abc-123' && l.status === 200 && l.actor === 'viewer')).toBe(true);
    expect(redact({ authorization: 'Bearer x', headers: { Cookie: 'a=b' }, nested: [{ token: 't' }], ok: 1 })).toEqual({ authorization: '[redacted]', headers: { Cookie: '[redacted]' }, nested: [{ token: '[redacted]' }], ok: 1 });
  });
});

describe('local mode and start-up checks', () => {
  test('no tokens: every request is the local admin, but only for loopback host names', async () => {
    const local = await startTestServer({ symbols: ['SPY'], tokens: false });
    try {
      expect(await (await local.call('/api/session')).json()).toMatchObject({ name: 'local', role: 'admin', via: 'local' });
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${local.url}/api/runs`, { headers: { host: 'evil.example:80' } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(403);
    } finally {
      await local.stop();
    }
  });

  test('binding beyond loopback without tokens is refused; bad token settings name the entry, never the token', () => {
    expect(() => serverDeps({ store: t.store, host: '0.0.0.0', env: {} })).toThrow(ServerConfigError);
    expect(() => serverDeps({ store: t.store, host: '0.0.0.0', env: {} })).toThrow(/refusing to bind 0\.0\.0\.0 without tokens/);
    expect(() => serverDeps({ store: t.store, host: '127.0.0.1', env: { TRADEBOOK_CORS_ORIGINS: '*' } })).toThrow(/no wildcards/);
    expect(() => parseTokens('ci:operator:short', 'X')).toThrow(/entry 1 \(ci\): the token must be at least 16/);
    expect(() => parseTokens('ci:root:0123456789abcdef0', 'X')).toThrow(/role must be one of viewer, operator, admin/);
    expect(() => parseTokens('a:viewer:0123456789abcdef0,a:admin:0123456789abcdef1', 'X')).toThrow(/used twice/);
    try {
      parseTokens('ci:root:secret-secret-secret', 'X');
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-secret');
    }
    const set = parseTokens('ci:operator:abc:def:0123456789, ro:viewer:0123456789abcdefgh', 'X');
    expect(set.records.map((r) => [r.name, r.role])).toEqual([['ci', 'operator'], ['ro', 'viewer']]);
    expect(set.match('abc:def:0123456789')?.name).toBe('ci');
    expect(set.match('abc:def:012345678')).toBeUndefined();
    expect(JSON.stringify(set.records)).not.toContain('0123456789abcdefgh');
  });

  test('tokens from a file (Kubernetes secret), with comments and one entry per line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradebook-tokens-'));
    try {
      const file = join(dir, 'tokens');
      writeFileSync(file, '# api tokens\nci:operator:0123456789abcdef-ci\nboss:admin:0123456789abcdef-boss\n');
      const set = tokensFromEnv({ TRADEBOOK_API_TOKENS_FILE: file });
      expect(set.match('0123456789abcdef-boss')?.role).toBe('admin');
      expect(() => tokensFromEnv({ TRADEBOOK_API_TOKENS_FILE: join(dir, 'missing') })).toThrow(TokenConfigError);
      expect(() => tokensFromEnv({ TRADEBOOK_API_TOKENS_FILE: file, TRADEBOOK_API_TOKENS: 'a:viewer:0123456789abcdef' })).toThrow(/not both/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
