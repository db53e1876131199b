import { afterEach, describe, expect, test, vi } from 'vitest';
import { api, ApiError, errorMessage, query, request, setCsrfToken, setUnauthorizedHandler } from './client.ts';

function stubFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const fn = vi.fn(async (_url: string, _init?: RequestInit) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));
  vi.stubGlobal('fetch', fn);
  return fn;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthorizedHandler(null);
});

describe('api client', () => {
  test('mutations carry the CSRF token and a JSON body; reads do not', async () => {
    const fetch = stubFetch(200, { ok: true });
    setCsrfToken('csrf-1');
    await api('/api/sql', { method: 'POST', body: { sql: 'SELECT 1' } });
    await api('/api/runs');
    const [post, get] = fetch.mock.calls;
    expect(post[1]!.headers).toMatchObject({ 'x-csrf-token': 'csrf-1', 'content-type': 'application/json' });
    expect(post[1]!.body).toBe('{"sql":"SELECT 1"}');
    expect(post[1]!.credentials).toBe('same-origin');
    expect(get[1]!.headers).not.toHaveProperty('x-csrf-token');
  });

  test("an API error keeps the server's code, message and field issues", async () => {
    stubFetch(400, { error: { code: 'invalid_config', message: 'invalid backtest config', issues: [{ path: 'commission.pct', message: 'must be ≥ 0' }], requestId: 'r1' } });
    const err = await api('/api/backtests', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_config', requestId: 'r1' });
    expect(errorMessage(err)).toBe('invalid backtest config — commission.pct: must be ≥ 0');
  });

  test('a non-JSON error still says what happened', async () => {
    stubFetch(502, 'Bad Gateway', { 'content-type': 'text/plain' });
    await expect(api('/api/runs')).rejects.toThrow('502');
  });

  test('401 tells the session (except on the sign-in call itself)', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    stubFetch(401, { error: { code: 'unauthorized', message: 'sign in' } });
    await expect(api('/api/runs')).rejects.toThrow('sign in');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(api('/api/session', { method: 'POST', body: { token: 'x' } })).rejects.toThrow('sign in');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  test('a network failure becomes an ApiError with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    await expect(request('/api/runs')).rejects.toMatchObject({ status: 0, code: 'network', message: 'cannot reach the server: fetch failed' });
  });

  test('query strings skip empty values and repeat arrays', () => {
    expect(query({ a: 'x', b: '', c: null, d: undefined, e: 3, tag: ['p', 'q'] })).toBe('?a=x&e=3&tag=p&tag=q');
    expect(query({})).toBe('');
  });
});
