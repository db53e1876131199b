import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { sameSecret } from './auth/sessions.ts';
import type { AppEnv, Principal } from './context.ts';
import { ApiError } from './errors.ts';
import type { RouteDoc } from './route-doc.ts';
import { parseInput, queryOf } from './validate.ts';

/** The session cookie's name. */
export const SESSION_COOKIE = 'tb_session';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isMutating = (method: string) => MUTATING.has(method.toUpperCase());

/** One JSON line per request on the logger: id, method, path (no query), status, time, actor. */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const deps = c.get('deps');
    deps.logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      actor: c.get('principal')?.name ?? 'anonymous',
    });
  };
}

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?$/i;

/**
 * Refuses what a browser on another site could make us do: in local mode (no tokens) a Host that is not a
 * loopback name (DNS rebinding), and any mutating request that a browser marks as cross-site or whose Origin
 * is neither ours nor an allowed CORS origin.
 */
export function originGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    const host = c.req.header('host') ?? '';
    if (deps.tokens.records.length === 0 && !LOOPBACK_HOST.test(host)) throw new ApiError('forbidden', `local mode answers only loopback host names, not ${JSON.stringify(host)}`);
    if (isMutating(c.req.method)) {
      const origin = c.req.header('origin');
      const allowed = origin !== undefined && (deps.corsOrigins.includes(origin) || sameOrigin(origin, host));
      if (origin !== undefined && origin !== 'null' && !allowed) throw new ApiError('forbidden', `cross-origin request from ${origin} refused`);
      if (origin === 'null') throw new ApiError('forbidden', 'request from an opaque origin refused');
      if (c.req.header('sec-fetch-site') === 'cross-site' && !allowed) throw new ApiError('forbidden', 'cross-site request refused');
    }
    await next();
  };
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Finds the caller: local mode → local admin; `Authorization: Bearer` → that token (a wrong one is a 401 at
 * once); else the session cookie, whose mutating requests must carry the session's `x-csrf-token`.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    c.set('principal', undefined);
    if (deps.tokens.records.length === 0) {
      c.set('principal', { name: 'local', role: 'admin', via: 'local' });
      return next();
    }
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const m = /^Bearer +([^\s]+) *$/i.exec(header);
      const record = m ? deps.tokens.match(m[1]) : undefined;
      if (record === undefined) throw new ApiError('unauthorized', m ? 'the bearer token is not valid' : 'the Authorization header must be "Bearer <token>"');
      c.set('principal', { name: record.name, role: record.role, via: 'bearer' });
      return next();
    }
    const sid = getCookie(c, SESSION_COOKIE);
    const session = sid === undefined ? undefined : deps.sessions.get(sid);
    if (sid !== undefined && session !== undefined) {
      const principal: Principal = { name: session.name, role: session.role, via: 'session', sessionId: sid, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
      c.set('principal', principal);
      const signingIn = c.req.method === 'POST' && c.req.path === '/api/session';
      if (isMutating(c.req.method) && !signingIn) {
        const sent = c.req.header('x-csrf-token');
        if (sent === undefined || !sameSecret(sent, session.csrfToken)) throw new ApiError('forbidden', 'a browser session must send its x-csrf-token header on every change');
      }
    }
    await next();
  };
}

/** Every /api route but the public ones needs a caller with at least the viewer role. */
export function requireSignedIn(publicPaths: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const open = publicPaths.includes(c.req.path) || (c.req.path === '/api/session' && c.req.method !== 'GET');
    if (!open && c.get('principal') === undefined) throw new ApiError('unauthorized', 'sign in: send Authorization: Bearer <token>, or POST /api/session first');
    await next();
  };
}

/** Fixed one-minute windows per caller (token name, or client address when anonymous): 429 with retry-after. */
export function rateLimit(): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const deps = c.get('deps');
    const limit = deps.rateLimitPerMinute;
    if (limit > 0) {
      const now = deps.now();
      const key = c.get('principal')?.name ?? `addr:${clientAddress(c)}`;
      let w = windows.get(key);
      if (w === undefined || now - w.start >= 60_000) {
        if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= 60_000) windows.delete(k);
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      c.header('ratelimit-limit', String(limit));
      c.header('ratelimit-remaining', String(Math.max(0, limit - w.count)));
      if (w.count > limit) {
        const retryAfter = Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
        throw new ApiError('rate_limited', `more than ${limit} requests in a minute; retry in ${retryAfter} s`, { retryAfter });
      }
    }
    await next();
  };
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Body size limits: uploads on `uploadPaths` get the larger limit, every other body the JSON one (413 beyond). */
export function bodyLimits(uploadPaths: readonly string[]): MiddlewareHandler<AppEnv> {
  const tooLarge = (max: number) => () => {
    throw new ApiError('payload_too_large', `the body is larger than ${max} bytes`);
  };
  let json: MiddlewareHandler | undefined;
  let upload: MiddlewareHandler | undefined;
  return async (c, next) => {
    const deps = c.get('deps');
    json ??= bodyLimit({ maxSize: deps.jsonBodyLimit, onError: tooLarge(deps.jsonBodyLimit) });
    upload ??= bodyLimit({ maxSize: deps.uploadBodyLimit, onError: tooLarge(deps.uploadBodyLimit) });
    return (uploadPaths.includes(c.req.path) ? upload : json)(c, next);
  };
}

/** Journals every mutating /api request once it is answered (but 429s): kind api.request, actor = the caller's name. */
export function auditMutations(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('audit', {});
    if (!isMutating(c.req.method)) return next();
    try {
      await next();
    } finally {
      const deps = c.get('deps');
      const note = c.get('audit');
      const principal = c.get('principal');
      // Requests refused by the rate limit are only logged: a flood must not become a flood of journal writes.
      if (c.res.status !== 429) {
        try {
          deps.store.journal().append({
            runId: note.runId ?? null,
            kind: 'api.request',
            actor: note.actor ?? principal?.name ?? 'anonymous',
            ts: null,
            symbol: null,
            orderId: null,
            data: { method: c.req.method, path: c.req.path, status: c.res.status, requestId: c.get('requestId'), via: principal?.via ?? null, ...(note.detail ?? {}) },
          });
          await deps.store.journal().flush();
        } catch (err) {
          deps.logger.error('could not journal the request', { requestId: c.get('requestId'), err });
        }
      }
    }
  };
}

/**
 * Refuses query parameters on a route that takes none, as the routes that take some refuse unknown ones: a caller who
 * adds `?from=` to a route without it must hear so, not get the whole answer as if filtered. Which routes take a
 * query is read from the route docs (the OpenAPI document), so the two cannot disagree.
 */
export function refuseUndeclaredQuery(docs: readonly RouteDoc[]): MiddlewareHandler<AppEnv> {
  const routes = docs.map((d) => ({ method: d.method.toUpperCase(), path: new RegExp(`^${d.path.replace(/\{[^}]+\}/g, '[^/]+')}$`), takesQuery: d.query !== undefined }));
  const NONE = z.object({}).strict();
  return async (c, next) => {
    if (new URL(c.req.url).search.length > 1) {
      const matching = routes.filter((r) => r.method === c.req.method && r.path.test(c.req.path));
      if (matching.length > 0 && !matching.some((r) => r.takesQuery)) parseInput(NONE, queryOf(c), 'query');
    }
    await next();
  };
}
