import { batch, createMemo, createRoot, createSignal } from 'solid-js';
import { ApiError, errorMessage } from '../api/client.ts';
import { cancelJob, createStarterNotebook, getEquity, getNotebook, getRun, listNotebooks, runSql, saveNotebook, startBacktest } from '../api/endpoints.ts';
import { followJob } from '../api/events.ts';
import type { Job } from '../api/types.ts';
import { type CellResult, IDLE } from './cell-results.ts';
import { commit, createHistory, freshId, newCell, redo, undo, type Cell, type CellKind, type History, type NotebookDoc, type NotebookOp } from './notebook-state.ts';

/** A cell as the API may send it: `kind` (the store's name) or `type` (older docs). */
function normaliseCell(raw: Record<string, unknown>): Cell {
  const kind = (raw.kind ?? raw.type) as CellKind;
  const { type: _t, ...rest } = raw;
  return { ...rest, kind } as Cell;
}

/** The notebook `id`, else the user's most recently updated one, else a new starter notebook. */
async function loadDoc(id: string | undefined, owner: string | undefined): Promise<NotebookDoc> {
  let body;
  if (id) body = await getNotebook(id);
  else {
    const list = (await listNotebooks(owner)).notebooks;
    const newest = [...list].sort((a, b) => b.updatedAt - a.updatedAt)[0];
    body = newest ? await getNotebook(newest.id) : await createStarterNotebook();
  }
  return { id: body.id, title: body.title, version: body.version, cells: (body.cells as unknown as Record<string, unknown>[]).map(normaliseCell) };
}

/**
 * One open notebook: its document with undo/redo, saving with optimistic concurrency, and each
 * cell's run state. SQL runs in the sandbox (Arrow back); a backtest cell starts a job and follows
 * its progress over SSE, then loads the run and its equity curve.
 */
export function createNotebookSession() {
  const [history, setHistory] = createSignal<History | null>(null);
  const [saved, setSaved] = createSignal<NotebookDoc | null>(null);
  const [loadError, setLoadError] = createSignal<unknown>(null);
  const [saveState, setSaveState] = createSignal<{ status: 'idle' | 'saving' | 'saved' | 'error'; message?: string }>({ status: 'idle' });
  const [results, setResults] = createSignal<Record<string, CellResult>>({});
  const [active, setActive] = createSignal<string | null>(null);
  /** Server version of the last load or save (undo never rolls it back). */
  const [version, setVersion] = createSignal(0);
  const stops = new Map<string, () => void>();

  const doc = () => history()?.present ?? null;
  const dirty = createMemo(() => {
    const d = doc();
    const s = saved();
    return d !== null && s !== null && (d.title !== s.title || JSON.stringify(d.cells) !== JSON.stringify(s.cells));
  });
  const setResult = (id: string, r: CellResult) => setResults((all) => ({ ...all, [id]: r }));
  const result = (id: string) => results()[id] ?? IDLE;

  function edit(op: NotebookOp, coalesce = false) {
    const h = history();
    if (h === null) return;
    setHistory(commit(h, op, { coalesce }));
  }

  async function runSqlCell(cell: Extract<Cell, { kind: 'sql' }>) {
    const t0 = performance.now();
    setResult(cell.id, { status: 'running', startedAt: Date.now() });
    try {
      const table = await runSql(cell.sql);
      setResult(cell.id, { status: 'done', kind: 'sql', table, elapsedMs: performance.now() - t0 });
    } catch (err) {
      setResult(cell.id, { status: 'error', message: errorMessage(err) });
    }
  }

  function runBacktestCell(cell: Extract<Cell, { kind: 'backtest' }>): Promise<void> {
    const t0 = performance.now();
    stops.get(cell.id)?.();
    setResult(cell.id, { status: 'running', startedAt: Date.now(), note: 'submitting' });
    return new Promise<void>((resolve) => {
      const fail = (message: string) => {
        setResult(cell.id, { status: 'error', message });
        resolve();
      };
      const finish = async (job: Job) => {
        stops.delete(cell.id);
        if (job.state !== 'completed' || job.runId === null) return fail(job.error ? `${job.error.message}${job.error.issues?.length ? ` — ${job.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` : ''}` : `the backtest ended ${job.state}`);
        try {
          const [run, curve] = await Promise.all([getRun(job.runId), getEquity(job.runId)]);
          setResult(cell.id, { status: 'done', kind: 'backtest', run, curve, elapsedMs: performance.now() - t0 });
          resolve();
        } catch (err) {
          fail(errorMessage(err));
        }
      };
      startBacktest(cell.config)
        .then((job) => {
          if (['completed', 'cancelled', 'failed'].includes(job.state)) return finish(job);
          setResult(cell.id, { status: 'running', startedAt: Date.now(), jobId: job.jobId, progress: job.progress, note: job.state });
          const stop = followJob(job.jobId, {
            onJob: (j) => setResult(cell.id, { status: 'running', startedAt: Date.now(), jobId: j.jobId, progress: j.progress, note: j.state }),
            onProgress: (done, total) => setResult(cell.id, { status: 'running', startedAt: Date.now(), jobId: job.jobId, progress: { done, total }, note: 'running' }),
            onEnd: (j) => void finish(j),
            onError: (m) => fail(m),
          });
          stops.set(cell.id, stop);
        })
        .catch((err) => fail(errorMessage(err)));
    });
  }

  async function runCell(id: string): Promise<void> {
    const cell = doc()?.cells.find((c) => c.id === id);
    if (!cell) return;
    switch (cell.kind) {
      case 'sql':
        return runSqlCell(cell);
      case 'backtest':
        return runBacktestCell(cell);
      case 'chart': {
        // A chart needs its source's result: run the source first when it has none.
        const src = result(cell.sourceCellId);
        if (src.status !== 'done') await runCell(cell.sourceCellId);
        setResult(cell.id, { status: 'done', kind: 'note', elapsedMs: 0 });
        return;
      }
      default:
        setResult(cell.id, { status: 'done', kind: 'note', elapsedMs: 0 });
    }
  }

  return {
    doc,
    dirty,
    loadError,
    saveState,
    result,
    active,
    setActive,
    canUndo: () => (history()?.past.length ?? 0) > 0,
    canRedo: () => (history()?.future.length ?? 0) > 0,
    async load(id: string | undefined, owner?: string) {
      setLoadError(null);
      try {
        const d = await loadDoc(id, owner);
        batch(() => {
          setHistory(createHistory(d));
          setSaved(d);
          setVersion(d.version);
          setResults({});
        });
        return d;
      } catch (err) {
        setLoadError(err);
        return null;
      }
    },
    edit,
    /** Replaces a cell's content (typing coalesces into one undo step per cell). */
    update(cell: Cell, coalesce = true) {
      edit({ type: 'update', cell }, coalesce);
    },
    add(kind: CellKind, afterId?: string | null) {
      const d = doc();
      if (d === null) return null;
      const at = afterId ? d.cells.findIndex((c) => c.id === afterId) + 1 : d.cells.length;
      const cell = newCell(kind, freshId(d, kind), { doc: d, index: at });
      edit({ type: 'add', cell, index: at });
      setActive(cell.id);
      return cell.id;
    },
    move(id: string, delta: number) {
      edit({ type: 'move', id, delta });
    },
    remove(id: string) {
      stops.get(id)?.();
      edit({ type: 'delete', id });
    },
    rename(title: string) {
      edit({ type: 'rename', title });
    },
    undo() {
      const h = history();
      if (h) setHistory(undo(h));
    },
    redo() {
      const h = history();
      if (h) setHistory(redo(h));
    },
    runCell,
    async runAll() {
      for (const c of doc()?.cells ?? []) {
        await runCell(c.id);
        if (result(c.id).status === 'error') break;
      }
    },
    /** Cancels the cell's running backtest on the server; the stream then ends with `cancelled`. */
    async cancel(id: string) {
      const r = result(id);
      if (r.status !== 'running' || r.jobId === undefined) return;
      try {
        await cancelJob(r.jobId);
      } catch (err) {
        stops.get(id)?.();
        stops.delete(id);
        setResult(id, { status: 'error', message: `cannot cancel: ${errorMessage(err)}` });
      }
    },
    async save() {
      const d = doc();
      if (d === null) return;
      setSaveState({ status: 'saving' });
      try {
        const body = await saveNotebook(d.id, d.title, d.cells, version());
        batch(() => {
          setVersion(body.version);
          setSaved(d);
          setSaveState({ status: 'saved' });
        });
      } catch (err) {
        setSaveState({ status: 'error', message: err instanceof ApiError && err.status === 409 ? `${err.message} — reload to get the newer version (your edits stay here until you do)` : errorMessage(err) });
      }
    },
    dispose() {
      for (const stop of stops.values()) stop();
      stops.clear();
    },
  };
}

export type NotebookSession = ReturnType<typeof createNotebookSession>;

let shared: NotebookSession | null = null;

/**
 * The tab's one notebook session, kept while the user visits other pages so cell results and unsaved
 * edits survive a trip to Runs and back (it lives in its own root, outside any page).
 */
export function notebookSession(): NotebookSession {
  shared ??= createRoot(() => createNotebookSession());
  return shared;
}

/** Forgets the session (on sign-out: the next user starts from their own notebooks). */
export function resetNotebookSession(): void {
  shared?.dispose();
  shared = null;
}
