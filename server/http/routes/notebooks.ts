import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CellIdSchema, NotebookCellsInputSchema, NotebookTitleSchema, starterNotebook } from '../../../data/index.ts';
import { BacktestConfigSchema } from '../../backtest/backtest-config.ts';
import { serverFileIssues } from '../../backtest/server-files.ts';
import { compareRuns } from '../../runs/compare-runs.ts';
import { ARROW_STREAM, wantsArrow } from '../arrow.ts';
import { noteAudit, requirePrincipal, type AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { RouteDoc } from '../route-doc.ts';
import { intParam, issuesOf, jsonBody, params, query } from '../validate.ts';
import { refuseServerFiles } from './backtests.ts';
import { runSandboxed, sandboxOf } from './sql.ts';

const NotebookParams = z.object({ id: z.string().min(1).max(80).regex(/^[A-Za-z0-9_-]+$/, 'a notebook id') }).strict();
const CellParams = NotebookParams.extend({ cellId: CellIdSchema }).strict();

export const NewNotebookBodySchema = z.object({ title: NotebookTitleSchema, cells: NotebookCellsInputSchema.default([]) }).strict();
export const NotebookUpdateBodySchema = z
  .object({ version: z.number().int().min(1), title: NotebookTitleSchema.optional(), cells: NotebookCellsInputSchema.optional() })
  .strict();
export const DeleteNotebookQuerySchema = z.object({ version: intParam(1, 2 ** 31 - 1).optional() }).strict();
export const ListNotebooksQuerySchema = z.object({ owner: z.string().min(1).max(200).optional() }).strict();
export const RunCellBodySchema = z.object({ maxRows: z.number().int().min(1).max(100_000).optional(), timeoutMs: z.number().int().min(100).max(60_000).optional() }).strict();

export const notebookDocs: RouteDoc[] = [
  { method: 'get', path: '/api/notebooks', summary: 'Notebooks, most recently updated first.', role: 'viewer', query: ListNotebooksQuerySchema, response: '{notebooks:[{id, title, owner, version, cellCount, updatedAt}]}' },
  { method: 'post', path: '/api/notebooks', summary: 'Create a notebook (owner = the caller).', role: 'operator', body: NewNotebookBodySchema, status: 201, response: 'Notebook' },
  { method: 'post', path: '/api/notebooks/starter', summary: 'Create a copy of the starter notebook (explores the demo data, runs a backtest) for the caller.', role: 'operator', status: 201, response: 'Notebook' },
  { method: 'get', path: '/api/notebooks/{id}', summary: 'One notebook with its cells.', role: 'viewer', params: NotebookParams, response: 'Notebook' },
  { method: 'put', path: '/api/notebooks/{id}', summary: 'Replace title and/or cells; `version` must be the one you read (else 409).', role: 'operator', params: NotebookParams, body: NotebookUpdateBodySchema, response: 'Notebook' },
  { method: 'delete', path: '/api/notebooks/{id}', summary: 'Delete a notebook (with ?version=, only if still at that version).', role: 'operator', params: NotebookParams, query: DeleteNotebookQuerySchema, status: 204 },
  {
    method: 'post',
    path: '/api/notebooks/{id}/cells/{cellId}/run',
    summary: 'Run a cell: sql → the sandbox result (JSON or Arrow); backtest → 202 Job; compare → the compare result.',
    role: 'operator',
    params: CellParams,
    body: RunCellBodySchema,
    arrow: true,
  },
];

/** Notebooks: CRUD with optimistic versions, and running a cell. */
export function notebookRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const notebooks = (c: Context<AppEnv>) => c.get('deps').notebooks;

  app.get('/api/notebooks', async (c) => {
    const q = query(c, ListNotebooksQuerySchema);
    return c.json({ notebooks: await notebooks(c).list(q.owner === undefined ? {} : { owner: q.owner }) });
  });

  app.post('/api/notebooks', async (c) => {
    const p = requirePrincipal(c, 'operator');
    const body = await jsonBody(c, NewNotebookBodySchema);
    refuseCellFiles(c, body.cells);
    const created = await notebooks(c).create({ title: body.title, cells: body.cells, owner: p.name });
    noteAudit(c, { detail: { notebookId: created.id, version: created.version } });
    return c.json(created, 201);
  });

  // The starter's cells live in the store beside the cell schema, so the studio never carries a second copy.
  app.post('/api/notebooks/starter', async (c) => {
    const p = requirePrincipal(c, 'operator');
    const starter = starterNotebook();
    const created = await notebooks(c).create({ title: starter.title, cells: starter.cells, owner: p.name });
    noteAudit(c, { detail: { notebookId: created.id, version: created.version, starter: true } });
    return c.json(created, 201);
  });

  app.get('/api/notebooks/:id', async (c) => c.json(await notebooks(c).get(params(c, NotebookParams).id)));

  app.put('/api/notebooks/:id', async (c) => {
    requirePrincipal(c, 'operator');
    const { id } = params(c, NotebookParams);
    const body = await jsonBody(c, NotebookUpdateBodySchema);
    noteAudit(c, { detail: { notebookId: id, expectedVersion: body.version } });
    refuseCellFiles(c, body.cells ?? []);
    const updated = await notebooks(c).update(id, { expectedVersion: body.version, title: body.title, cells: body.cells });
    noteAudit(c, { detail: { version: updated.version } });
    return c.json(updated);
  });

  app.delete('/api/notebooks/:id', async (c) => {
    requirePrincipal(c, 'operator');
    const { id } = params(c, NotebookParams);
    const q = query(c, DeleteNotebookQuerySchema);
    noteAudit(c, { detail: { notebookId: id, expectedVersion: q.version ?? null } });
    await notebooks(c).delete(id, q.version === undefined ? {} : { expectedVersion: q.version });
    return c.body(null, 204);
  });

  app.post('/api/notebooks/:id/cells/:cellId/run', async (c) => {
    const p = requirePrincipal(c, 'operator');
    const { id, cellId } = params(c, CellParams);
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding') !== undefined;
    const options = hasBody ? await jsonBody(c, RunCellBodySchema) : {};
    const notebook = await notebooks(c).get(id);
    const cell = notebook.cells.find((x) => x.id === cellId);
    if (cell === undefined) throw new ApiError('not_found', `notebook ${id} has no cell ${cellId}`);
    noteAudit(c, { detail: { notebookId: id, cellId, kind: cell.kind } });
    switch (cell.kind) {
      case 'sql': {
        const result = await runSandboxed(c, cell.sql, options);
        if (wantsArrow(c)) return c.body(sandboxOf(c).toArrow(result) as Uint8Array<ArrayBuffer>, 200, { 'content-type': ARROW_STREAM });
        return c.json(result);
      }
      case 'backtest': {
        const parsed = BacktestConfigSchema.safeParse(cell.config);
        if (!parsed.success) {
          const issues = issuesOf(parsed.error, 'config');
          throw new ApiError('invalid_config', `cell ${cellId}: invalid backtest config: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
        }
        // Saved before the API restricted file params, or under other roots: checked again on every run.
        refuseServerFiles(parsed.data, c.get('deps').fileRoots, 'config', `cell ${cellId}: invalid backtest config`);
        const queue = c.get('deps').backtests;
        const job = (await queue.admitted(queue.submit(cell.config, p.name).jobId, 2_000))!;
        noteAudit(c, { runId: job.runId, detail: { jobId: job.jobId } });
        if (job.state === 'failed' && job.runId === null) throw new ApiError('invalid_config', job.error?.message ?? 'the backtest could not start', { issues: job.error?.issues ?? [], jobId: job.jobId });
        c.header('location', `/api/backtests/${job.jobId}`);
        return c.json(job, 202);
      }
      case 'compare':
        if (cell.runIds.length < 2) throw new ApiError('invalid_request', `cell ${cellId}: compare needs at least 2 run ids`, { issues: [{ path: 'runIds', message: 'at least 2' }] });
        return c.json(await compareRuns(c.get('deps').store, cell.runIds));
      default:
        throw new ApiError('invalid_request', `cell ${cellId} is a ${cell.kind} cell: only sql, backtest and compare cells run`, { issues: [{ path: 'params.cellId', message: `a ${cell.kind} cell does not run` }] });
    }
  });
  return app;
}

/** A notebook is refused when a backtest cell names a strategy file the API may not read (see refuseServerFiles). */
function refuseCellFiles(c: Context<AppEnv>, cells: readonly { kind: string; config?: unknown }[]): void {
  const issues = cells.flatMap((cell, i) => (cell.kind === 'backtest' ? serverFileIssues(cell.config, c.get('deps').fileRoots, `cells.${i}.config`) : []));
  if (issues.length > 0) throw new ApiError('invalid_request', `invalid body: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}
