import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { noteAudit, requirePrincipal, type AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { SESSION_COOKIE } from '../middleware.ts';
import type { RouteDoc } from '../route-doc.ts';
import { jsonBody } from '../validate.ts';

export const SignInSchema = z.object({ token: z.string().min(1).max(512) }).strict();

export const sessionDocs: RouteDoc[] = [
  { method: 'post', path: '/api/session', summary: 'Sign in with a token: sets the HttpOnly session cookie and returns the CSRF token.', role: null, body: SignInSchema, response: '{name, role, csrfToken, expiresAt}' },
  { method: 'get', path: '/api/session', summary: 'Who am I (and the CSRF token of a browser session).', role: 'viewer', response: '{name, role, via, csrfToken, expiresAt}' },
  { method: 'delete', path: '/api/session', summary: 'Sign out: ends the session and clears the cookie.', role: null, status: 204 },
];

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

/** Browser sign-in: a token once, then an HttpOnly SameSite=Strict cookie plus a CSRF token for changes. */
export function sessionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/api/session', async (c) => {
    const deps = c.get('deps');
    const { token } = await jsonBody(c, SignInSchema);
    if (deps.tokens.records.length === 0) {
      noteAudit(c, { actor: 'local' });
      return c.json({ name: 'local', role: 'admin', csrfToken: null, expiresAt: null, local: true });
    }
    const record = deps.tokens.match(token);
    if (record === undefined) {
      noteAudit(c, { actor: 'anonymous', detail: { outcome: 'sign-in refused' } });
      throw new ApiError('unauthorized', 'that token is not valid');
    }
    const previous = c.get('principal');
    if (previous?.via === 'session' && previous.sessionId !== undefined) deps.sessions.delete(previous.sessionId);
    const { id, session } = deps.sessions.create(record.name, record.role);
    noteAudit(c, { actor: record.name, detail: { outcome: 'signed in' } });
    setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Strict', secure: secure(c), path: '/', maxAge: Math.floor((session.expiresAt - deps.now()) / 1000) });
    return c.json({ name: session.name, role: session.role, csrfToken: session.csrfToken, expiresAt: session.expiresAt });
  });
  app.get('/api/session', (c) => {
    const p = requirePrincipal(c, 'viewer');
    return c.json({ name: p.name, role: p.role, via: p.via, csrfToken: p.csrfToken ?? null, expiresAt: p.expiresAt ?? null });
  });
  app.delete('/api/session', (c) => {
    const p = c.get('principal');
    if (p?.via === 'session' && p.sessionId !== undefined) c.get('deps').sessions.delete(p.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: secure(c) });
    return c.body(null, 204);
  });
  return app;
}
