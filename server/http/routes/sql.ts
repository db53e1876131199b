import { Hono } from 'hono';
import { z } from 'zod';
import { ARROW_STREAM, wantsArrow } from '../arrow.ts';
import { noteAudit, requirePrincipal, type AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { RouteDoc } from '../route-doc.ts';
import type { SqlService } from '../sql-service.ts';
import { jsonBody } from '../validate.ts';

export const SqlBodySchema = z
  .object({
    sql: z.string().min(1).max(100_000),
    maxRows: z.number().int().min(1).max(100_000).optional(),
    timeoutMs: z.number().int().min(100).max(60_000).optional(),
  })
  .strict();

export const sqlDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/sql',
    summary: 'One read-only statement on the sandbox (SELECT/WITH/DESCRIBE/EXPLAIN over the store views), with row and time limits. Refusals are 400 sql_refused and journalled.',
    role: 'operator',
    body: SqlBodySchema,
    arrow: true,
    response: '{columns:[{name,type}], rows, rowCount, truncated, elapsedMs}',
  },
];

/** The sandbox, or 503 when this server has none. */
export function sandboxOf(c: { get(key: 'deps'): { sql: SqlService | null } }): SqlService {
  const sql = c.get('deps').sql;
  if (sql === null) throw new ApiError('unavailable', 'the SQL sandbox is not available on this server');
  return sql;
}

/** Runs SQL on the sandbox, turning a refusal into a 400 that names the reason (the request is journalled with it). */
export async function runSandboxed(c: Parameters<typeof noteAudit>[0], sql: string, options: { maxRows?: number; timeoutMs?: number }) {
  const sandbox = sandboxOf(c);
  noteAudit(c, { detail: { sql: sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql } });
  try {
    return await sandbox.query(sql, { maxRows: options.maxRows ?? 10_000, timeoutMs: options.timeoutMs ?? 10_000 });
  } catch (err) {
    const refusal = sandbox.refusal(err);
    if (refusal === null) throw err;
    noteAudit(c, { detail: { refused: refusal.code } });
    throw new ApiError('sql_refused', refusal.message, { reason: refusal.code });
  }
}

/** POST /api/sql: ad-hoc read-only SQL, JSON or Arrow. */
export function sqlRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/api/sql', async (c) => {
    requirePrincipal(c, 'operator');
    const body = await jsonBody(c, SqlBodySchema);
    const result = await runSandboxed(c, body.sql, body);
    noteAudit(c, { detail: { rowCount: result.rowCount, truncated: result.truncated } });
    if (wantsArrow(c)) {
      const bytes = sandboxOf(c).toArrow(result);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': ARROW_STREAM, 'x-truncated': String(result.truncated) });
    }
    return c.json(result);
  });
  return app;
}
