import { For, Show } from 'solid-js';
import { resultChart } from '../../charts/chart-specs.ts';
import { PlotView } from '../../components/plot-view.tsx';
import { Empty } from '../../components/states.tsx';
import { chartRows, resultColumns, type CellResult } from '../cell-results.ts';
import type { Cell, CellOf, ChartMark } from '../notebook-state.ts';

const MARKS: readonly ChartMark[] = ['line', 'area', 'bar', 'dot'];

/** A chart of an earlier cell's result: mark, x, y and colour picked from its columns. */
export function ChartCell(props: {
  readonly cell: CellOf<'chart'>;
  readonly sources: readonly Cell[];
  readonly sourceResult: CellResult;
  readonly onChange: (cell: CellOf<'chart'>) => void;
  readonly canEdit: boolean;
}) {
  const columns = () => resultColumns(props.sourceResult);
  const set = (patch: Partial<CellOf<'chart'>>) => {
    const next = { ...props.cell, ...patch };
    if (next.color === '' || next.color === undefined) delete (next as { color?: string }).color;
    props.onChange(next);
  };
  const rows = () => chartRows(props.sourceResult);
  return (
    <div class="chart-cell">
      <div class="toolbar small">
        <label>
          Data{' '}
          <select onChange={(e) => set({ sourceCellId: e.currentTarget.value })} disabled={!props.canEdit} aria-label="Source cell">
            <Show when={!props.sources.some((s) => s.id === props.cell.sourceCellId)}>
              <option value={props.cell.sourceCellId} selected>{props.cell.sourceCellId || '(pick a cell)'}</option>
            </Show>
            <For each={props.sources}>{(s) => <option value={s.id} selected={s.id === props.cell.sourceCellId}>{s.id} ({s.kind})</option>}</For>
          </select>
        </label>
        <label>
          Mark{' '}
          <select onChange={(e) => set({ mark: e.currentTarget.value as ChartMark })} disabled={!props.canEdit} aria-label="Mark">
            <For each={MARKS}>{(m) => <option value={m} selected={m === props.cell.mark}>{m}</option>}</For>
          </select>
        </label>
        <For each={['x', 'y', 'color'] as const}>
          {(axis) => (
            <label>
              {axis}{' '}
              {/* `selected` on the options, not `value` on the select: the options arrive after the select is made. */}
              <select onChange={(e) => set({ [axis]: e.currentTarget.value } as Partial<CellOf<'chart'>>)} disabled={!props.canEdit} aria-label={`${axis} column`}>
                <option value="" selected={!props.cell[axis]}>{axis === 'color' ? '(none)' : '(pick)'}</option>
                <Show when={props.cell[axis] && !columns().includes(props.cell[axis]!)}>
                  <option value={props.cell[axis]} selected>{props.cell[axis]}</option>
                </Show>
                <For each={columns()}>{(c) => <option value={c} selected={props.cell[axis] === c}>{c}</option>}</For>
              </select>
            </label>
          )}
        </For>
      </div>
      <Show when={rows()} fallback={<Empty>Run the source cell ({props.cell.sourceCellId || 'pick one'}) or press Run here to plot it.</Empty>}>
        {(r) => (
          <Show when={props.cell.x && props.cell.y} fallback={<Empty>Pick the x and y columns.</Empty>}>
            <PlotView label={`Chart of ${props.cell.sourceCellId}`} render={(w) => resultChart(r(), { mark: props.cell.mark, x: props.cell.x, y: props.cell.y, color: props.cell.color ?? null }, { width: w, height: 280 })} />
          </Show>
        )}
      </Show>
    </div>
  );
}
