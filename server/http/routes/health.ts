import { Hono } from 'hono';
import { SCHEMA_VERSION } from '../../../data/index.ts';
import type { AppEnv } from '../context.ts';
import type { RouteDoc } from '../route-doc.ts';

export const healthDocs: RouteDoc[] = [
  { method: 'get', path: '/health', summary: 'Liveness: the process answers (no store access, no auth).', role: null, response: '{status:"ok", uptimeMs}' },
  { method: 'get', path: '/ready', summary: 'Readiness: DuckDB answers and its schema is current; 503 otherwise.', role: null, response: '{status:"ready", schemaVersion} | 503 {status:"unavailable", reason}' },
];

/** GET /health and GET /ready (public, for load balancers and Kubernetes probes). */
export function healthRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/health', (c) => c.json({ status: 'ok', uptimeMs: Math.round(performance.now() - c.get('deps').startedAt) }));
  app.get('/ready', async (c) => {
    let version: number;
    try {
      version = await c.get('deps').store.schemaVersion();
    } catch (err) {
      c.get('deps').logger.warn('not ready', { err });
      return c.json({ status: 'unavailable', reason: 'the store does not answer' }, 503);
    }
    if (version !== SCHEMA_VERSION) return c.json({ status: 'unavailable', reason: `schema version ${version}, this build needs ${SCHEMA_VERSION}` }, 503);
    return c.json({ status: 'ready', schemaVersion: version });
  });
  return app;
}
