import { useNavigate, useParams } from '@solidjs/router';
import { createEffect, createMemo, For, Match, on, onCleanup, onMount, Show, Switch } from 'solid-js';
import { errorMessage } from '../api/client.ts';
import { ErrorBox, Loading } from '../components/states.tsx';
import { BacktestCell } from '../notebook/cells/backtest-cell.tsx';
import { CellFrame } from '../notebook/cells/cell-frame.tsx';
import { ChartCell } from '../notebook/cells/chart-cell.tsx';
import { CompareCell } from '../notebook/cells/compare-cell.tsx';
import { MarkdownCell } from '../notebook/cells/markdown-cell.tsx';
import { ResultTableView } from '../notebook/cells/result-table.tsx';
import { SqlEditor } from '../notebook/cells/sql-editor.tsx';
import { createNotebookList } from '../notebook/create-notebook-list.ts';
import { notebookSession, type NotebookSession } from '../notebook/create-notebook.ts';
import { chartSources, CELL_KINDS, type Cell, type CellKind, type CellOf } from '../notebook/notebook-state.ts';
import { session } from '../state/create-session.ts';
import { useShortcuts } from '../state/create-shortcuts.ts';
import { settled } from '../state/settled.ts';

/** The research notebook: ordered cells, run one or all, saved on the server. */
export default function NotebookPage() {
  const params = useParams();
  const navigate = useNavigate();
  const nb = notebookSession();
  createEffect(
    on(
      () => params.id,
      async (id) => {
        const open = nb.doc();
        if (open !== null && (id === undefined || open.id === id)) {
          if (id === undefined) navigate(`/notebook/${encodeURIComponent(open.id)}`, { replace: true });
          return;
        }
        const s = session.state();
        const d = await nb.load(id, s.status === 'signed-in' ? s.info.name : undefined);
        if (d && id === undefined) navigate(`/notebook/${encodeURIComponent(d.id)}`, { replace: true });
      },
    ),
  );
  // Other pages keep the session (and its edits); closing or reloading the tab would lose unsaved edits.
  const guard = (e: BeforeUnloadEvent) => {
    if (nb.dirty()) e.preventDefault();
  };
  onMount(() => window.addEventListener('beforeunload', guard));
  onCleanup(() => window.removeEventListener('beforeunload', guard));
  const canEdit = () => session.canOperate();
  const list = createNotebookList(() => {
    const s = session.state();
    return s.status === 'signed-in' ? s.info.name : undefined;
  });
  /** Switches notebooks (unsaved edits of this one are asked about first). */
  const open = async (id: string) => {
    if (nb.dirty() && !window.confirm('This notebook has unsaved changes. Open another and drop them?')) return;
    const target = id === '__new__' ? await list.create().catch((err: unknown) => (window.alert(String((err as Error).message)), null)) : id;
    if (target === null) return;
    const d = await nb.load(target);
    if (d) navigate(`/notebook/${encodeURIComponent(d.id)}`);
  };
  const cells = () => nb.doc()?.cells ?? [];
  const cellIds = createMemo(() => cells().map((c) => c.id), [], { equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]) });
  const cellById = (id: string) => cells().find((c) => c.id === id);
  const activeIndex = () => cells().findIndex((c) => c.id === nb.active());
  const focusCell = (i: number) => {
    const c = cells()[Math.max(0, Math.min(cells().length - 1, i))];
    if (!c) return;
    nb.setActive(c.id);
    document.querySelector<HTMLElement>(`[data-cell-id="${c.id}"]`)?.scrollIntoView({ block: 'nearest' });
  };
  const runActive = () => {
    const id = nb.active();
    if (id === null) return;
    void nb.runCell(id);
    focusCell(activeIndex() + 1);
  };
  const runIds = () =>
    cells()
      .map((c) => nb.result(c.id))
      .flatMap((r) => (r.status === 'done' && r.kind === 'backtest' ? [r.run.runId] : []));
  useShortcuts([
    { keys: 'shift+enter', description: 'Run the current cell and go to the next', scope: 'Notebook', inEditors: true, run: runActive },
    { keys: 'mod+shift+enter', description: 'Run every cell, top to bottom', scope: 'Notebook', inEditors: true, run: () => void nb.runAll() },
    { keys: 'mod+s', description: 'Save the notebook', scope: 'Notebook', inEditors: true, run: () => void nb.save().then(() => list.refetch()) },
    { keys: 'mod+z', description: 'Undo (outside an editor)', scope: 'Notebook', run: () => nb.undo() },
    { keys: 'mod+y', description: 'Redo', scope: 'Notebook', run: () => nb.redo() },
    { keys: 'j', description: 'Next cell', scope: 'Notebook', run: () => focusCell(activeIndex() + 1) },
    { keys: 'k', description: 'Previous cell', scope: 'Notebook', run: () => focusCell(activeIndex() - 1) },
    { keys: 'alt+arrowup', description: 'Move the current cell up', scope: 'Notebook', inEditors: true, run: () => nb.active() && nb.move(nb.active()!, -1) },
    { keys: 'alt+arrowdown', description: 'Move the current cell down', scope: 'Notebook', inEditors: true, run: () => nb.active() && nb.move(nb.active()!, 1) },
    { keys: 'a', description: 'Add a SQL cell below', scope: 'Notebook', run: () => canEdit() && nb.add('sql', nb.active()) },
    { keys: 'm', description: 'Add a markdown cell below', scope: 'Notebook', run: () => canEdit() && nb.add('markdown', nb.active()) },
  ]);
  return (
    <section class="notebook">
      <Show when={!nb.loadError()} fallback={<ErrorBox error={nb.loadError()} title="Cannot open the notebook" retry={() => void nb.load(params.id, undefined)} />}>
        <Show when={nb.doc()} fallback={<Loading what="notebook" />}>
          {(doc) => (
            <>
              <header class="page-head sticky">
                <div class="toolbar">
                  <input class="title-input" value={doc().title} onChange={(e) => nb.rename(e.currentTarget.value)} aria-label="Notebook title" disabled={!canEdit()} />
                  <select aria-label="Open another notebook" onChange={(e) => open(e.currentTarget.value)}>
                    <For each={settled(list.notebooks) ?? []}>{(n) => <option value={n.id} selected={n.id === doc().id}>{n.title} · v{n.version}</option>}</For>
                    <Show when={list.notebooks.error}>{(err) => <option disabled>cannot list notebooks: {errorMessage(err())}</option>}</Show>
                    <Show when={canEdit()}>
                      <option value="__new__">+ New notebook…</option>
                    </Show>
                  </select>
                </div>
                <div class="toolbar">
                  <button type="button" class="primary" onClick={() => void nb.runAll()} disabled={!canEdit()} title="Run all (Ctrl+Shift+Enter)" data-testid="run-all">
                    ▶▶ Run all
                  </button>
                  <button type="button" onClick={() => void nb.save().then(() => list.refetch())} disabled={!canEdit() || !nb.dirty() || nb.saveState().status === 'saving'} title="Save (Ctrl+S)" data-testid="save">
                    {nb.saveState().status === 'saving' ? 'Saving…' : nb.dirty() ? 'Save' : 'Saved'}
                  </button>
                  <button type="button" class="ghost" onClick={() => nb.undo()} disabled={!nb.canUndo()} title="Undo (Ctrl+Z)">
                    ↶
                  </button>
                  <button type="button" class="ghost" onClick={() => nb.redo()} disabled={!nb.canRedo()} title="Redo (Ctrl+Y)">
                    ↷
                  </button>
                  <span class="muted small">{cells().length} cells · Shift+Enter runs a cell · ? for shortcuts</span>
                </div>
              </header>
              <Show when={nb.saveState().status === 'error'}>
                <div class="error-box" role="alert">
                  <strong>Save failed</strong>
                  <p class="error-message">{nb.saveState().message}</p>
                </div>
              </Show>
              <Show when={!canEdit()}>
                <p class="notice">Your role can read notebooks but not run or change them.</p>
              </Show>
              <div class="cells">
                {/* Keyed by id, not by cell object: an edit replaces the cell object, and must not remount its editor. */}
                <For each={cellIds()}>
                  {(id, i) => (
                    <Show when={cellById(id)}>
                      {(cell) => (
                        <>
                          <CellFrame cell={cell()} index={i()} count={cellIds().length} result={nb.result(id)} active={nb.active() === id} onRun={() => void nb.runCell(id)} onMove={(d) => nb.move(id, d)} onDelete={() => nb.remove(id)} onFocus={() => nb.setActive(id)} canEdit={canEdit()}>
                            <CellBody cell={cell()} nb={nb} canEdit={canEdit()} runIds={runIds()} />
                          </CellFrame>
                          <AddBar onAdd={(k) => nb.add(k, id)} disabled={!canEdit()} />
                        </>
                      )}
                    </Show>
                  )}
                </For>
                <Show when={cells().length === 0}>
                  <p class="state empty">An empty notebook. Add a cell:</p>
                  <AddBar onAdd={(k) => nb.add(k, null)} disabled={!canEdit()} />
                </Show>
              </div>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}

function AddBar(props: { readonly onAdd: (kind: CellKind) => void; readonly disabled: boolean }) {
  return (
    <div class="add-bar" aria-label="Add a cell">
      <For each={CELL_KINDS}>
        {(k) => (
          <button type="button" class="ghost small" onClick={() => props.onAdd(k)} disabled={props.disabled} data-testid={`add-${k}`}>
            + {k}
          </button>
        )}
      </For>
    </div>
  );
}

function CellBody(props: { readonly cell: Cell; readonly nb: NotebookSession; readonly canEdit: boolean; readonly runIds: readonly string[] }) {
  const nb = props.nb;
  const result = () => nb.result(props.cell.id);
  return (
    <Switch>
      <Match when={props.cell.kind === 'markdown'}>
        <MarkdownCell cell={props.cell as CellOf<'markdown'>} onChange={(c) => nb.update(c)} canEdit={props.canEdit} />
      </Match>
      <Match when={props.cell.kind === 'sql'}>
        <SqlEditor value={(props.cell as CellOf<'sql'>).sql} onChange={(sql) => nb.update({ ...(props.cell as CellOf<'sql'>), sql })} onRun={() => { nb.setActive(props.cell.id); void nb.runCell(props.cell.id); }} onRunAll={() => void nb.runAll()} label={`SQL of ${props.cell.id}`} />
        <Show when={result().status === 'done' && (result() as { kind: string }).kind === 'sql' ? (result() as Extract<ReturnType<typeof result>, { kind: 'sql' }>) : null}>{(r) => <ResultTableView table={r().table} elapsedMs={r().elapsedMs} />}</Show>
      </Match>
      <Match when={props.cell.kind === 'chart'}>
        <ChartCell cell={props.cell as CellOf<'chart'>} sources={chartSources(nb.doc()!, props.cell.id)} sourceResult={nb.result((props.cell as CellOf<'chart'>).sourceCellId)} onChange={(c) => nb.update(c, false)} canEdit={props.canEdit} />
      </Match>
      <Match when={props.cell.kind === 'backtest'}>
        <BacktestCell cell={props.cell as CellOf<'backtest'>} result={result()} onChange={(c) => nb.update(c, false)} onCancel={() => void nb.cancel(props.cell.id)} canEdit={props.canEdit} />
      </Match>
      <Match when={props.cell.kind === 'compare'}>
        <CompareCell cell={props.cell as CellOf<'compare'>} notebookRunIds={props.runIds} onChange={(c) => nb.update(c, false)} canEdit={props.canEdit} />
      </Match>
    </Switch>
  );
}
