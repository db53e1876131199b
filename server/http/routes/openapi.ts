import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { ERROR_STATUS } from '../errors.ts';
import type { RouteDoc } from '../route-doc.ts';

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, any>;

/** Query or path parameters of an object schema as OpenAPI parameters. */
function parametersOf(schema: z.ZodType | undefined, where: 'query' | 'path') {
  if (schema === undefined) return [];
  const json = toSchema(schema);
  const required = new Set<string>(json.required ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, Record<string, unknown>>).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s, ...(s.description ? { description: s.description } : {}) }));
}

const ErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        requestId: { type: 'string' },
      },
    },
  },
};

/** The OpenAPI 3.1 document of `docs`, schemas generated from the zod schemas that validate each route. */
export function openApiDocument(docs: readonly RouteDoc[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const d of docs) {
    const ok = String(d.status ?? 200);
    const content: Record<string, unknown> = d.sse ? { 'text/event-stream': {} } : { 'application/json': { schema: { description: d.response ?? '' } } };
    if (d.arrow) content['application/vnd.apache.arrow.stream'] = { schema: { type: 'string', format: 'binary' } };
    const op: Record<string, unknown> = {
      summary: d.summary,
      description: `${d.role === null ? 'No authentication.' : `Role: ${d.role} or higher.`}${d.response ? ` Returns ${d.response}.` : ''}`,
      parameters: [...parametersOf(d.params, 'path'), ...(d.bodyTypes ? [] : parametersOf(d.query, 'query'))],
      responses: {
        [ok]: { description: d.response ?? 'OK', ...(ok === '204' ? {} : { content }) },
        default: { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      ...(d.role === null ? { security: [] } : {}),
      'x-role': d.role,
    };
    if (d.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(d.body) } } };
    else if (d.bodyTypes) {
      op.requestBody = { required: true, content: Object.fromEntries(d.bodyTypes.map((t) => [t, { schema: t === 'multipart/form-data' && d.query ? { ...toSchema(d.query), properties: { ...toSchema(d.query).properties, file: { type: 'string', format: 'binary' } } } : { type: 'string', format: 'binary' } }])) };
      op.parameters = [...(op.parameters as unknown[]), ...parametersOf(d.query, 'query').map((p) => ({ ...p, description: 'raw body uploads only' }))];
    }
    (paths[d.path] ??= {})[d.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tradebook API', version: '1', description: 'Backtests, runs, market data, notebooks and the hash-chained audit journal. Times are UTC epoch ms.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'tb_session' } },
      schemas: { Error: ErrorSchema },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}

const DOCS_PAGE = (doc: Record<string, any>) => {
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const rows = Object.entries(doc.paths as Record<string, Record<string, any>>)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(
        ([method, op]) =>
          `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(op['x-role'] ?? 'public')}</td><td>${esc(op.summary)}${
            (op.parameters ?? []).length > 0 ? `<br><small>${(op.parameters as { name: string; in: string }[]).map((p) => `${esc(p.name)} (${p.in})`).join(', ')}</small>` : ''
          }</td></tr>`,
      ),
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tradebook API</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:1100px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}code{font-size:13px}</style></head>
<body><h1>Tradebook API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Times are UTC epoch milliseconds. Errors: <code>{"error":{"code","message","issues":[{"path","message"}]}}</code>.</p>
<table><thead><tr><th>method</th><th>path</th><th>role</th><th>what</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
};

export const openApiDocs: RouteDoc[] = [
  { method: 'get', path: '/api/openapi.json', summary: 'This document.', role: null, response: 'OpenAPI 3.1' },
  { method: 'get', path: '/api/docs', summary: 'A page listing every route.', role: null, response: 'HTML' },
];

/** GET /api/openapi.json and the docs page at /api/docs (public: they hold no data). */
export function openApiRoutes(docs: readonly RouteDoc[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let doc: Record<string, unknown> | undefined;
  const document = () => (doc ??= openApiDocument(docs));
  app.get('/api/openapi.json', (c) => c.json(document()));
  app.get('/api/docs', (c) => c.html(DOCS_PAGE(document())));
  return app;
}
