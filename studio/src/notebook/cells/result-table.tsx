import { For, Show } from 'solid-js';
import type { ResultTable } from '../../api/arrow.ts';
import { formatCell, formatCount, formatTimestamp } from '../../lib/format.ts';

const SHOWN = 200;

/** The first rows of a query result, with its size. */
export function ResultTableView(props: { readonly table: ResultTable; readonly elapsedMs?: number }) {
  const rows = () => Math.min(props.table.numRows, SHOWN);
  const cell = (c: ResultTable['columns'][number], r: number) => {
    const v = c.values[r];
    if (c.type === 'time') return Number.isNaN(v as number) ? '—' : formatTimestamp(v as number);
    if (c.type === 'number') return Number.isNaN(v as number) ? '—' : formatCell(v);
    return formatCell(v);
  };
  return (
    <div class="result">
      <p class="muted small" data-testid="result-count">
        {formatCount(props.table.numRows)} row{props.table.numRows === 1 ? '' : 's'} · {props.table.columns.length} columns{props.table.numRows > SHOWN ? ` · first ${SHOWN} shown` : ''}
      </p>
      <Show when={props.table.columns.length > 0}>
        <div class="table-wrap result-scroll">
          <table class="data compact" data-testid="result-table">
            <thead>
              <tr>
                <For each={props.table.columns}>{(c) => <th scope="col" classList={{ num: c.type === 'number' }} title={c.type}>{c.name}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={Array.from({ length: rows() }, (_, i) => i)}>
                {(r) => (
                  <tr>
                    <For each={props.table.columns}>{(c) => <td classList={{ num: c.type === 'number' }}>{cell(c, r)}</td>}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </div>
  );
}
