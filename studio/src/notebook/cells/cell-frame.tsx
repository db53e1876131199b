import { type JSX, Show } from 'solid-js';
import type { CellResult } from '../cell-results.ts';
import type { Cell } from '../notebook-state.ts';
import { formatDuration } from '../../lib/format.ts';

export interface CellFrameProps {
  readonly cell: Cell;
  readonly index: number;
  readonly count: number;
  readonly result: CellResult;
  readonly active: boolean;
  readonly onRun: () => void;
  readonly onMove: (delta: number) => void;
  readonly onDelete: () => void;
  readonly onFocus: () => void;
  readonly canEdit: boolean;
  readonly children: JSX.Element;
}

const LABEL: Record<Cell['kind'], string> = { markdown: 'Markdown', sql: 'SQL', chart: 'Chart', backtest: 'Backtest', compare: 'Compare' };

/** The chrome around a cell: kind, run button and status, move and delete. */
export function CellFrame(props: CellFrameProps) {
  return (
    <article class={`cell cell-${props.cell.kind}`} classList={{ active: props.active, running: props.result.status === 'running', failed: props.result.status === 'error' }} onFocusIn={() => props.onFocus()} onClick={() => props.onFocus()} data-cell-id={props.cell.id} data-testid={`cell-${props.cell.kind}`} aria-label={`${LABEL[props.cell.kind]} cell ${props.index + 1}`}>
      <header class="cell-head">
        <span class="cell-kind">{LABEL[props.cell.kind]}</span>
        <span class="mono muted small">{props.cell.id}</span>
        <span class="cell-status small" data-testid="cell-status">
          <Show when={props.result.status === 'running'}>
            <span class="spinner" aria-hidden="true" /> running
          </Show>
          <Show when={props.result.status === 'done' && props.result.elapsedMs > 0 ? props.result.elapsedMs : null}>{(ms) => <span class="muted">✓ {formatDuration(ms())}</span>}</Show>
          <Show when={props.result.status === 'error'}>
            <span class="neg">✗ failed</span>
          </Show>
        </span>
        <span class="spacer" />
        <Show when={props.cell.kind !== 'markdown' && props.cell.kind !== 'compare'}>
          <button type="button" class="run" onClick={() => props.onRun()} disabled={props.result.status === 'running' || !props.canEdit} title="Run (Shift+Enter)" data-testid="run-cell">
            ▶ Run
          </button>
        </Show>
        <button type="button" class="ghost icon" onClick={() => props.onMove(-1)} disabled={props.index === 0 || !props.canEdit} title="Move up (Alt+↑)" aria-label="Move cell up">
          ↑
        </button>
        <button type="button" class="ghost icon" onClick={() => props.onMove(1)} disabled={props.index === props.count - 1 || !props.canEdit} title="Move down (Alt+↓)" aria-label="Move cell down">
          ↓
        </button>
        <button type="button" class="ghost icon" onClick={() => props.onDelete()} disabled={!props.canEdit} title="Delete cell (undo with Ctrl+Z)" aria-label="Delete cell">
          ✕
        </button>
      </header>
      <div class="cell-body">{props.children}</div>
      <Show when={props.result.status === 'error' ? (props.result as { message: string }).message : null}>
        {(m) => (
          <div class="error-box" role="alert" data-testid="cell-error">
            <strong>Error</strong>
            <p class="error-message">{m()}</p>
          </div>
        )}
      </Show>
    </article>
  );
}
