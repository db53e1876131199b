import type { Context } from 'hono';
import { z } from 'zod';
import { DAY_MS, parseTimestamp, RealDateText } from '../../engine/index.ts';
import { ApiError, type Issue } from './errors.ts';

/** zod issues as API issues, each path prefixed with where the input came from (`query.limit`, `body.cash`…). */
export function issuesOf(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.flatMap((i): Issue[] => {
    const at = i.path.map(String).join('.');
    const path = prefix && at ? `${prefix}.${at}` : prefix || at;
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: path ? `${path}.${k}` : k, message: `unknown field "${k}"` }));
    return [{ path, message: i.message }];
  });
}

/** Parses `input` with `schema` or throws a 400 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = issuesOf(r.error, where === 'body' ? '' : where);
  throw new ApiError('invalid_request', `invalid ${where}: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`, { issues });
}

/** The query string as a record; a parameter given twice becomes a list. */
export function queryOf(c: Context): Record<string, string | string[]> {
  const all = c.req.queries();
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(all)) out[k] = v.length === 1 ? v[0] : v;
  return out;
}

/**
 * Validated query parameters (unknown parameters refused). A `from` later than its `to` is refused here, naming both,
 * so no route with a time range can forget it.
 */
export function query<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const raw = queryOf(c);
  const q = parseInput(schema, raw, 'query');
  const range = q as { from?: unknown; to?: unknown };
  if (typeof range.from === 'number' && typeof range.to === 'number' && range.from > range.to) {
    const message = `from ${String(raw.from)} is after to ${String(raw.to)}`;
    throw new ApiError('invalid_request', `invalid query: query.from: ${message}`, { issues: [{ path: 'query.from', message }, { path: 'query.to', message }] });
  }
  return q;
}

/** Validated path parameters. */
export function params<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseInput(schema, c.req.param(), 'params');
}

/** The JSON body, validated: 415 without a JSON content type, 400 when it is not JSON or a field is bad. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new ApiError('unsupported_media_type', `expected content-type application/json, got ${type ? JSON.stringify(type) : 'none'}`);
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch (err) {
    throw new ApiError('invalid_request', `the body is not valid JSON: ${(err as Error).message}`, { issues: [{ path: '', message: 'not valid JSON' }] });
  }
  return parseInput(schema, body, 'body');
}

// ---- shared query field schemas ----

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const EPOCH_MS = /^\d{1,15}$/;

/** A time text by shape (epoch ms, a date, an instant with a zone), then by calendar with the config's own RealDateText. */
const timeText = z
  .string()
  .regex(new RegExp(`${EPOCH_MS.source}|${INSTANT.source}`), 'expected epoch ms, YYYY-MM-DD or an ISO-8601 instant with a zone')
  .pipe(RealDateText);

/** A time bound: epoch ms, `YYYY-MM-DD` (00:00 UTC) or an ISO-8601 instant with a zone; parsed to epoch ms. */
export const timeParam = timeText
  .transform((s) => (EPOCH_MS.test(s) ? Number(s) : parseTimestamp(s)))
  .meta({ description: 'epoch ms, YYYY-MM-DD or ISO-8601 instant' });

/** An inclusive upper time bound: a bare date includes its whole day. */
export const timeUpperParam = timeText
  .transform((s) => (EPOCH_MS.test(s) ? Number(s) : s.length === 10 ? parseTimestamp(s) + DAY_MS - 1 : parseTimestamp(s)))
  .meta({ description: 'epoch ms, YYYY-MM-DD (whole day included) or ISO-8601 instant' });

/** A whole number in a query string, within bounds. */
export function intParam(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** An opaque cursor as handed out in `nextCursor`. */
export const cursorParam = z.string().min(1).max(512).regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this server handed out');

/** Encodes a cursor value (JSON) as base64url. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor with `schema`, a 400 on `query.cursor` when it is not one of ours. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new ApiError('invalid_request', 'invalid query: cursor: not a cursor this server handed out', { issues: [{ path: 'query.cursor', message: 'not a cursor this server handed out' }] });
}
