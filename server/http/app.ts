import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiDeps, AppEnv } from './context.ts';
import { ApiError, errorResponse, toApiError } from './errors.ts';
import { accessLog, auditMutations, authenticate, bodyLimits, originGuard, rateLimit, refuseUndeclaredQuery, requireSignedIn } from './middleware.ts';
import type { RouteDoc } from './route-doc.ts';
import { backtestDocs, backtestRoutes } from './routes/backtests.ts';
import { healthDocs, healthRoutes } from './routes/health.ts';
import { logDocs, logRoutes } from './routes/logs.ts';
import { IMPORT_PATH, marketDataDocs, marketDataRoutes } from './routes/market-data.ts';
import { notebookDocs, notebookRoutes } from './routes/notebooks.ts';
import { openApiDocs, openApiRoutes } from './routes/openapi.ts';
import { runDocs, runRoutes } from './routes/runs.ts';
import { sessionDocs, sessionRoutes } from './routes/session.ts';
import { sqlDocs, sqlRoutes } from './routes/sql.ts';

/** Every documented route (the OpenAPI document is built from this list). */
export const ROUTE_DOCS: readonly RouteDoc[] = [...healthDocs, ...sessionDocs, ...marketDataDocs, ...backtestDocs, ...runDocs, ...logDocs, ...sqlDocs, ...notebookDocs, ...openApiDocs];

/** /api paths that answer without a caller. */
const PUBLIC_API_PATHS = ['/api/openapi.json', '/api/docs'];

/** The Tradebook HTTP app, built only from `deps`. */
export function buildApp(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId({ limitLength: 64 }));
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('audit', {});
    await next();
  });
  app.use(accessLog());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
      },
      strictTransportSecurity: false,
    }),
  );
  if (deps.corsOrigins.length > 0) {
    app.use('/api/*', cors({ origin: [...deps.corsOrigins], credentials: true, allowHeaders: ['content-type', 'authorization', 'x-csrf-token', 'x-request-id'], exposeHeaders: ['x-request-id', 'retry-after', 'location'], maxAge: 600 }));
  }
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });
  app.use('/api/*', auditMutations());
  app.use('/api/*', originGuard());
  app.use('/api/*', authenticate());
  app.use('/api/*', rateLimit());
  app.use('/api/*', requireSignedIn(PUBLIC_API_PATHS));
  app.use('/api/*', bodyLimits([IMPORT_PATH]));
  app.use('/api/*', refuseUndeclaredQuery(ROUTE_DOCS));
  // /health and /ready stay off the /api chain: no auth, no rate limit, nothing journalled.
  app.route('/', healthRoutes());
  app.route('/', sessionRoutes());
  app.route('/', marketDataRoutes());
  app.route('/', backtestRoutes());
  app.route('/', runRoutes());
  app.route('/', logRoutes());
  app.route('/', sqlRoutes());
  app.route('/', notebookRoutes());
  app.route('/', openApiRoutes(ROUTE_DOCS));
  app.all('/api/*', (c) => errorResponse(c, new ApiError('not_found', `no route ${c.req.method} ${c.req.path}`)));
  if (deps.studioDir !== null) mountStudio(app, deps.studioDir);
  app.notFound((c) => errorResponse(c, new ApiError('not_found', `no route ${c.req.method} ${c.req.path}`)));
  app.onError((err, c) => {
    const api = toApiError(err);
    if (api.code === 'internal') deps.logger.error('request failed', { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, err: api.cause ?? err });
    return errorResponse(c, api);
  });
  return app;
}

/** The built studio at /: its files, and index.html for any other GET outside /api (client-side routes). */
function mountStudio(app: Hono<AppEnv>, dir: string): void {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  app.use('/*', serveStatic({ root }));
  app.get('/*', (c) => {
    if (!existsSync(index)) return c.notFound();
    c.header('cache-control', 'no-cache');
    return c.html(readFileSync(index, 'utf8'));
  });
}
