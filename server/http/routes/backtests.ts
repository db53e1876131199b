import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { BacktestConfigSchema } from '../../backtest/backtest-config.ts';
import { serverFileIssues } from '../../backtest/server-files.ts';
import { isFinished, type Job, type JobEvent } from '../backtest-queue.ts';
import { noteAudit, requirePrincipal, type AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { RouteDoc } from '../route-doc.ts';
import { issuesOf, jsonBody, params, query } from '../validate.ts';
import { createLlmServices, LLM_MODES, type LlmMode, type LlmServices } from '../../llm/index.ts';

export const StartQuerySchema = z
  .object({
    /** The llm strategy's model access: live (always ask), replay (decision cache only, never the network), record (ask on a miss; default). */
    llm: z.enum(LLM_MODES as [LlmMode, ...LlmMode[]]).optional(),
    /**
     * Execute even when an identical run (same config, same data) is already stored as completed; by default that
     * run's stored result is returned, since executing again would journal the same order ids twice. ?llm=live
     * always executes.
     */
    rerun: z.enum(['true', 'false']).default('false'),
  })
  .strict();

const JobIdParams = z.object({ id: z.string().min(1).max(80).regex(/^[A-Za-z0-9_-]+$/, 'a job id or run id') }).strict();

/** How long POST waits for a started job to learn its content-addressed run id. */
const ADMIT_WAIT_MS = 2_000;

export const backtestDocs: RouteDoc[] = [
  { method: 'post', path: '/api/backtests', summary: 'Queue a backtest (the CLI config); 202 with the job and, when it started at once, its run id. ?llm=live|replay|record for the llm strategy; an identical completed run is answered from the store unless ?rerun=true.', role: 'operator', query: StartQuerySchema, body: BacktestConfigSchema, status: 202, response: 'Job' },
  { method: 'get', path: '/api/backtests', summary: "This server's jobs, newest first.", role: 'viewer', response: '{jobs: Job[]}' },
  { method: 'get', path: '/api/backtests/{id}', summary: 'One job by job id or run id.', role: 'viewer', params: JobIdParams, response: 'Job' },
  { method: 'get', path: '/api/backtests/{id}/events', summary: 'Server-sent events: state, started, progress, then completed | cancelled | failed.', role: 'viewer', params: JobIdParams, sse: true },
  { method: 'delete', path: '/api/backtests/{id}', summary: 'Cancel a queued or running job.', role: 'operator', params: JobIdParams, status: 202, response: 'Job' },
  { method: 'post', path: '/api/backtests/{id}/cancel', summary: 'Cancel a queued or running job (same as DELETE).', role: 'operator', params: JobIdParams, status: 202, response: 'Job' },
];

/** Backtests over HTTP: submit to the queue, follow by SSE, cancel. */
export function backtestRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/backtests', async (c) => {
    const p = requirePrincipal(c, 'operator');
    const queue = c.get('deps').backtests;
    const q = query(c, StartQuerySchema);
    const body = await jsonBody(c, z.unknown());
    const parsed = BacktestConfigSchema.safeParse(body);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      throw new ApiError('invalid_config', `invalid backtest config: ${issues.map((i) => `${i.path || '(config)'}: ${i.message}`).join('; ')}`, { issues });
    }
    refuseServerFiles(parsed.data, c.get('deps').fileRoots);
    if (q.llm !== undefined && parsed.data.strategy !== 'llm') {
      const message = `?llm=${q.llm} applies to the llm strategy only; ${parsed.data.strategy} asks no model`;
      throw new ApiError('invalid_request', `invalid query: query.llm: ${message}`, { issues: [{ path: 'query.llm', message }] });
    }
    let llm: LlmServices | undefined;
    if (parsed.data.strategy === 'llm' && q.llm !== undefined) {
      try {
        llm = createLlmServices(c.get('deps').store, { mode: q.llm, env: process.env });
      } catch (err) {
        throw new ApiError('invalid_config', `llm: ${(err as Error).message}`, { issues: [{ path: 'query.llm', message: (err as Error).message }] });
      }
    }
    const submitted = queue.submit(body, p.name, { llm, reuseStored: q.rerun === 'false' && q.llm !== 'live' });
    const job = (await queue.admitted(submitted.jobId, ADMIT_WAIT_MS)) ?? submitted;
    noteAudit(c, { runId: job.runId, detail: { jobId: job.jobId, strategy: parsed.data.strategy, symbols: parsed.data.symbols } });
    // A config the strategy or the data refuses before the run starts is the caller's mistake; a store failure is not.
    if (job.state === 'failed' && job.runId === null && job.error?.code === 'store') throw new ApiError('internal', 'the store failed while starting the backtest', { jobId: job.jobId });
    if (job.state === 'failed' && job.runId === null) {
      queue.discard(job.jobId);
      throw new ApiError('invalid_config', job.error?.message ?? 'the backtest could not start', { issues: job.error?.issues ?? [] });
    }
    c.header('location', `/api/backtests/${job.jobId}`);
    return c.json(job, 202);
  });

  app.get('/api/backtests', (c) => c.json({ jobs: c.get('deps').backtests.list() }));

  app.get('/api/backtests/:id', (c) => c.json(findJob(c.get('deps').backtests.get(params(c, JobIdParams).id), c.req.param('id'))));

  app.get('/api/backtests/:id/events', (c) => {
    const { id } = params(c, JobIdParams);
    const queue = c.get('deps').backtests;
    const job = findJob(queue.get(id), id);
    return streamSSE(c, async (stream) => {
      let eventId = 0;
      const send = (event: string, data: unknown) => stream.writeSSE({ event, data: JSON.stringify(data), id: String(++eventId) });
      const events: JobEvent[] = [];
      let wake: (() => void) | null = null;
      const off = queue.subscribe(job.jobId, (e) => {
        events.push({ type: e.type, job: { ...e.job, progress: { ...e.job.progress } } });
        wake?.();
      });
      stream.onAbort(() => {
        off();
        wake?.();
      });
      try {
        await send('state', job);
        if (isFinished(job)) return void (await send(job.state, job));
        for (;;) {
          while (events.length > 0) {
            const e = events.shift()!;
            await send(e.type, e.type === 'progress' ? e.job.progress : e.job);
            if (e.type === 'completed' || e.type === 'cancelled' || e.type === 'failed') return;
          }
          if (stream.aborted || stream.closed) return;
          // A comment every 15 s keeps proxies from closing an idle stream.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              wake = null;
              void stream.write(': keep-alive\n\n').then(() => resolve(), () => resolve());
            }, 15_000);
            wake = () => {
              clearTimeout(timer);
              wake = null;
              resolve();
            };
          });
        }
      } finally {
        off();
      }
    });
  });

  const cancel = (c: Context<AppEnv>) => {
    requirePrincipal(c, 'operator');
    const { id } = params(c, JobIdParams);
    const queue = c.get('deps').backtests;
    const job = findJob(queue.get(id), id);
    noteAudit(c, { runId: job.runId, detail: { jobId: job.jobId } });
    if (isFinished(job)) throw new ApiError('conflict', `job ${job.jobId} has already ${job.state === 'failed' ? 'failed' : `been ${job.state}`}`);
    return c.json(queue.cancel(job.jobId)!, 202);
  };
  app.delete('/api/backtests/:id', cancel);
  app.post('/api/backtests/:id/cancel', cancel);
  return app;
}

/**
 * A strategy file param (llm `prompt`, signals `file`) that names a file outside the API's allowed roots is refused
 * before anything reads it, so a request can never make the server read, store or echo an arbitrary file.
 */
export function refuseServerFiles(config: unknown, roots: Parameters<typeof serverFileIssues>[1], prefix = '', label = 'invalid backtest config'): void {
  const issues = serverFileIssues(config, roots, prefix);
  if (issues.length > 0) throw new ApiError('invalid_config', `${label}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

function findJob(job: Job | undefined, id: string): Job {
  if (job === undefined) throw new ApiError('not_found', `no backtest job or run ${JSON.stringify(id)} on this server`);
  return job;
}
