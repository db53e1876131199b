import { Hono } from 'hono';
import { z } from 'zod';
import { streamRunEquity, type RunSearch } from '../../../data/index.ts';
import type { BacktestReport } from '../../backtest/report.ts';
import { compareRuns } from '../../runs/compare-runs.ts';
import { ARROW_STREAM, float64ArrowStream, wantsArrow } from '../arrow.ts';
import type { AppEnv } from '../context.ts';
import type { RouteDoc } from '../route-doc.ts';
import { cursorParam, decodeCursor, encodeCursor, intParam, params, query, timeParam, timeUpperParam } from '../validate.ts';

const runId = z.string().min(1).max(80).regex(/^[A-Za-z0-9._-]+$/, 'a run id such as bt-0123456789abcdef');
const RunParams = z.object({ id: runId }).strict();
const list = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

export const RunListQuerySchema = z
  .object({
    strategy: z.string().min(1).max(64).optional(),
    symbol: z.string().min(1).max(16).optional(),
    status: z.enum(['completed', 'cancelled', 'failed']).optional(),
    tag: list(z.string().min(1).max(64)).optional(),
    from: timeParam.optional(),
    to: timeUpperParam.optional(),
    limit: intParam(1, 1000).default(50),
    cursor: cursorParam.optional(),
  })
  .strict();

export const PageQuerySchema = z.object({ limit: intParam(1, 10_000).default(1000), cursor: cursorParam.optional() }).strict();

export const CompareQuerySchema = z
  .object({
    ids: z
      .string()
      .transform((s) => s.split(',').map((x) => x.trim()))
      .pipe(z.array(runId).min(2, 'compare needs at least 2 run ids').max(8, 'compare takes at most 8 run ids'))
      .refine((ids) => new Set(ids).size === ids.length, 'a run id is listed twice'),
  })
  .strict();

const RunCursor = z.object({ createdAt: z.number().int().nonnegative(), runId: z.string() }).strict();
const OffsetCursor = z.object({ offset: z.number().int().nonnegative() }).strict();
const SeqCursor = z.object({ seq: z.number().int().nonnegative() }).strict();

export const runDocs: RouteDoc[] = [
  { method: 'get', path: '/api/runs', summary: 'Stored runs, newest first, filtered, cursor-paged.', role: 'viewer', query: RunListQuerySchema, response: '{runs: RunSummary[], nextCursor}' },
  { method: 'get', path: '/api/runs/compare', summary: 'Runs side by side: metrics with differences, config diff, aligned equity curves.', role: 'viewer', query: CompareQuerySchema, response: '{runs, metrics:[{key, values, diffs}], configDiff, equity:{ts, series:[{runId, equity}]}}' },
  { method: 'get', path: '/api/runs/{id}', summary: 'One run: config, metrics, counts, warnings, rejections, open positions.', role: 'viewer', params: RunParams },
  { method: 'get', path: '/api/runs/{id}/equity', summary: 'Equity curve and drawdown, JSON or Arrow (ts, equity, drawdown).', role: 'viewer', params: RunParams, arrow: true, response: '{runId, length, startingCash, ts[], equity[], drawdown[]}' },
  { method: 'get', path: '/api/runs/{id}/trades', summary: 'Closed round trips.', role: 'viewer', params: RunParams, query: PageQuerySchema, response: '{trades[], nextCursor}' },
  { method: 'get', path: '/api/runs/{id}/fills', summary: 'Fills.', role: 'viewer', params: RunParams, query: PageQuerySchema, response: '{fills[], nextCursor}' },
  { method: 'get', path: '/api/runs/{id}/decisions', summary: "The run's decision, signal and signal.invalid journal entries (LLM prompt, answer, rationale).", role: 'viewer', params: RunParams, query: PageQuerySchema, response: '{entries: JournalEntry[], nextCursor}' },
];

/** Stored runs: list, show, equity (JSON or Arrow), trades, fills, decisions, compare. */
export function runRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/api/runs', async (c) => {
    const q = query(c, RunListQuerySchema);
    const search: RunSearch = {
      strategy: q.strategy,
      symbol: q.symbol,
      status: q.status,
      tags: q.tag,
      createdFrom: q.from,
      createdTo: q.to,
      limit: q.limit,
      after: q.cursor === undefined ? undefined : decodeCursor(q.cursor, RunCursor),
    };
    const page = await c.get('deps').store.searchRuns(search);
    return c.json({ runs: page.runs, nextCursor: page.next === null ? null : encodeCursor(page.next) });
  });

  app.get('/api/runs/compare', async (c) => {
    const { ids } = query(c, CompareQuerySchema);
    return c.json(await compareRuns(c.get('deps').store, ids));
  });

  app.get('/api/runs/:id', async (c) => {
    const { id } = params(c, RunParams);
    const { config, result, ...summary } = await c.get('deps').store.getRun(id);
    const report = (result ?? {}) as Partial<BacktestReport>;
    return c.json({
      ...summary,
      tags: ((config as { tags?: string[] })?.tags ?? []) as string[],
      config,
      counts: report.counts ?? null,
      warnings: report.warnings ?? [],
      rejections: report.rejections ?? [],
      openPositions: report.openPositions ?? [],
      tradeCount: report.trades?.length ?? 0,
      fillCount: report.fills?.length ?? 0,
    });
  });

  app.get('/api/runs/:id/equity', async (c) => {
    const { id } = params(c, RunParams);
    const store = c.get('deps').store;
    if (wantsArrow(c)) {
      // Streamed batch by batch: the first byte of a long curve does not wait for its last point.
      let peak = Number.NaN;
      const body = await float64ArrowStream(['ts', 'equity', 'drawdown'], (start, write) =>
        streamRunEquity(store, id, {
          onStart: ({ startingCash }) => {
            peak = startingCash ?? Number.NaN;
            start();
          },
          onChunk: (ts, equity) => {
            if (Number.isNaN(peak) && equity.length > 0) peak = equity[0];
            const drawdown = new Float64Array(equity.length);
            for (let i = 0; i < equity.length; i++) {
              if (equity[i] > peak) peak = equity[i];
              drawdown[i] = peak > 0 ? equity[i] / peak - 1 : 0;
            }
            write([ts, equity, drawdown]);
          },
        }),
      );
      return new Response(body, { headers: { 'content-type': ARROW_STREAM, 'x-request-id': c.get('requestId'), 'cache-control': 'no-store' } });
    }
    const run = await store.getRun(id);
    const curve = await store.getEquity(id);
    const startingCash = (run.config as { cash?: number })?.cash ?? (curve.length > 0 ? curve.equity[0] : 0);
    const drawdown = drawdownOf(curve.equity, curve.length, startingCash);
    return c.json({ runId: id, length: curve.length, startingCash, ts: [...curve.ts], equity: [...curve.equity], drawdown: [...drawdown] });
  });

  for (const part of ['trades', 'fills'] as const) {
    app.get(`/api/runs/:id/${part}`, async (c) => {
      const { id } = params(c, RunParams);
      const q = query(c, PageQuerySchema);
      const offset = q.cursor === undefined ? 0 : decodeCursor(q.cursor, OffsetCursor).offset;
      const report = ((await c.get('deps').store.getRun(id)).result ?? {}) as Partial<BacktestReport>;
      const rows = (report[part] ?? []) as readonly unknown[];
      const end = offset + q.limit;
      return c.json({ [part]: rows.slice(offset, end), nextCursor: end < rows.length ? encodeCursor({ offset: end }) : null });
    });
  }

  app.get('/api/runs/:id/decisions', async (c) => {
    const { id } = params(c, RunParams);
    const q = query(c, PageQuerySchema);
    const store = c.get('deps').store;
    await store.getRun(id); // 404 for an unknown run
    const page = await store.searchJournal({ runId: id, kinds: ['decision', 'signal', 'signal.invalid'], order: 'asc', limit: q.limit, afterSeq: q.cursor === undefined ? undefined : decodeCursor(q.cursor, SeqCursor).seq });
    return c.json({ entries: page.entries, nextCursor: page.nextSeq === null ? null : encodeCursor({ seq: page.nextSeq }) });
  });
  return app;
}

/** equity / running peak − 1, the peak seeded with the starting cash (the maxDrawdown metric's definition). */
export function drawdownOf(equity: Float64Array, length: number, startingCash: number): Float64Array {
  const out = new Float64Array(length);
  let peak = startingCash;
  for (let i = 0; i < length; i++) {
    if (equity[i] > peak) peak = equity[i];
    out[i] = peak > 0 ? equity[i] / peak - 1 : 0;
  }
  return out;
}
