import { Hono } from 'hono';
import { z } from 'zod';
import type { JournalSearch } from '../../../data/index.ts';
import { JOURNAL_KINDS, type JournalEntry } from '../../../engine/index.ts';
import { traceOrder } from '../../journal/trace-order.ts';
import { verifyAudit } from '../../journal/verify-audit.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { RouteDoc } from '../route-doc.ts';
import { cursorParam, decodeCursor, encodeCursor, intParam, params, query, timeParam, timeUpperParam } from '../validate.ts';

const id = z.string().min(1).max(120).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : -');

export const LogsQuerySchema = z
  .object({
    run: id.optional(),
    // ?kind=fill,order.submitted and ?kind=fill&kind=order.submitted alike.
    kind: z
      .union([z.string(), z.array(z.string()).max(20)])
      .transform((v) => (typeof v === 'string' ? [v] : v).flatMap((s) => s.split(',')).map((k) => k.trim()))
      .pipe(z.array(z.enum(JOURNAL_KINDS, { error: () => `a journal kind: one of ${JOURNAL_KINDS.join(', ')}` })).min(1).max(20))
      .optional(),
    actor: z.string().min(1).max(120).optional(),
    symbol: z.string().min(1).max(16).optional(),
    orderId: id.optional(),
    from: timeParam.optional(),
    to: timeUpperParam.optional(),
    q: z.string().min(1).max(200).optional(),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: intParam(1, 10_000).optional(),
    cursor: cursorParam.optional(),
    format: z.enum(['json', 'ndjson', 'csv']).default('json'),
  })
  .strict();

export const VerifyQuerySchema = z.object({ run: id.optional() }).strict();
const TraceParams = z.object({ orderId: id }).strict();
const SeqCursor = z.object({ seq: z.number().int().nonnegative() }).strict();

export const logDocs: RouteDoc[] = [
  { method: 'get', path: '/api/logs', summary: 'The audit journal, filtered, newest first by default, cursor-paged; format=ndjson|csv streams every match.', role: 'viewer', query: LogsQuerySchema, response: '{entries: JournalEntry[], nextCursor}' },
  {
    method: 'get',
    path: '/api/logs/verify',
    summary: 'Recompute the hash chain (names the first bad entry) and compare each completed run’s stored metrics with its run.end entry (names run and field).',
    role: 'viewer',
    query: VerifyQuerySchema,
    response: '{ok, entries, lastHash, runs: {checked, unchecked, mismatches: [{runId, field, stored, journalled, seq}]}} | {ok:false, entries, firstBadSeq?, reason, runs}',
  },
  { method: 'get', path: '/api/logs/trace/{orderId}', summary: 'The chain of entries behind one order: run start → signal/decision → risk verdict → order → fills.', role: 'viewer', params: TraceParams, response: '{orderId, entries: JournalEntry[]}' },
];

const CSV_COLUMNS = ['seq', 'recordedAt', 'runId', 'kind', 'actor', 'ts', 'symbol', 'orderId', 'data', 'prevHash', 'hash'] as const;

/** The read-only audit journal: search, export, verify, trace. Nothing here writes an entry or changes one. */
export function logRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/api/logs', async (c) => {
    const q = query(c, LogsQuerySchema);
    const store = c.get('deps').store;
    const search = (limit: number, afterSeq: number | undefined): JournalSearch => ({
      runId: q.run,
      kinds: q.kind,
      actor: q.actor,
      symbol: q.symbol,
      orderId: q.orderId,
      fromRecordedAt: q.from,
      toRecordedAt: q.to,
      text: q.q,
      order: q.order,
      limit,
      afterSeq,
    });
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, SeqCursor).seq;
    if (q.format === 'json') {
      const page = await store.searchJournal(search(q.limit ?? 100, after));
      return c.json({ entries: page.entries, nextCursor: page.nextSeq === null ? null : encodeCursor({ seq: page.nextSeq }) });
    }
    // Export: every match, a page at a time, so the journal's size never sits in memory.
    const cap = q.limit ?? Number.POSITIVE_INFINITY;
    const line = q.format === 'csv' ? csvLine : (e: JournalEntry) => `${JSON.stringify(e)}\n`;
    const encoder = new TextEncoder();
    let sent = 0;
    let next: number | undefined | null = after;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (q.format === 'csv') controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\n`));
      },
      async pull(controller) {
        if (next === null || sent >= cap) return controller.close();
        try {
          const page = await store.searchJournal(search(Math.min(1000, cap - sent), next));
          controller.enqueue(encoder.encode(page.entries.map(line).join('')));
          sent += page.entries.length;
          next = page.nextSeq;
        } catch (err) {
          c.get('deps').logger.error('journal export failed', { requestId: c.get('requestId'), err });
          controller.error(err);
        }
      },
    });
    const type = q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson';
    return new Response(body, {
      headers: { 'content-type': type, 'content-disposition': `attachment; filename="journal.${q.format === 'csv' ? 'csv' : 'ndjson'}"`, 'x-request-id': c.get('requestId') },
    });
  });

  app.get('/api/logs/verify', async (c) => {
    const q = query(c, VerifyQuerySchema);
    return c.json(await verifyAudit(c.get('deps').store, q.run === undefined ? {} : { runId: q.run }));
  });

  app.get('/api/logs/trace/:orderId', async (c) => {
    const { orderId } = params(c, TraceParams);
    try {
      return c.json({ orderId, entries: await traceOrder(c.get('deps').store, orderId) });
    } catch (err) {
      // traceOrder says what it could not find in plain words.
      if (err instanceof Error && /^no journal entries|is a run id/.test(err.message)) throw new ApiError('not_found', err.message);
      throw err;
    }
  });
  return app;
}

function csvLine(e: JournalEntry): string {
  return `${CSV_COLUMNS.map((k) => csvCell(k === 'data' ? JSON.stringify(e.data) : e[k])).join(',')}\n`;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quote what CSV needs quoted, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
