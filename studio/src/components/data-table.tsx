import { createMemo, createSignal, For, type JSX, Show } from 'solid-js';
import { nextSort, sortRows, type SortState } from '../lib/table-sort.ts';

export interface ColumnDef<T> {
  readonly key: string;
  readonly label: string;
  /** Sort value; omit for an unsortable column. */
  readonly value?: (row: T) => number | string | null;
  readonly cell: (row: T) => JSX.Element;
  readonly align?: 'left' | 'right';
  readonly title?: string;
}

export interface DataTableProps<T> {
  readonly rows: readonly T[];
  readonly columns: readonly ColumnDef<T>[];
  readonly rowKey: (row: T) => string;
  readonly initialSort?: SortState;
  readonly onRowClick?: (row: T) => void;
  readonly selectedKey?: string | null;
  readonly label: string;
  readonly maxRows?: number;
  readonly testId?: string;
}

/** A sortable table: click a header to sort (again to reverse). Rows are clickable when onRowClick is given. */
export function DataTable<T>(props: DataTableProps<T>) {
  const [sort, setSort] = createSignal<SortState | null>(props.initialSort ?? null);
  const sorted = createMemo(() => {
    const s = sort();
    const col = s ? props.columns.find((c) => c.key === s.key) : undefined;
    const rows = col?.value && s ? sortRows(props.rows, col.value, s.dir) : props.rows;
    return props.maxRows !== undefined ? rows.slice(0, props.maxRows) : rows;
  });
  return (
    <div class="table-wrap">
      <table class="data" aria-label={props.label} data-testid={props.testId}>
        <thead>
          <tr>
            <For each={props.columns}>
              {(c) => (
                <th
                  scope="col"
                  classList={{ num: c.align === 'right', sortable: !!c.value }}
                  title={c.title}
                  aria-sort={sort()?.key === c.key ? (sort()!.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  onClick={() => c.value && setSort((s) => nextSort(s, c.key))}
                >
                  {c.label}
                  <Show when={sort()?.key === c.key}>
                    <span class="sort-mark">{sort()!.dir === 'asc' ? ' ▲' : ' ▼'}</span>
                  </Show>
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={sorted()}>
            {(row) => (
              <tr
                classList={{ clickable: !!props.onRowClick, selected: props.selectedKey === props.rowKey(row) }}
                onClick={() => props.onRowClick?.(row)}
                tabIndex={props.onRowClick ? 0 : undefined}
                onKeyDown={(e) => e.key === 'Enter' && props.onRowClick?.(row)}
              >
                <For each={props.columns}>{(c) => <td classList={{ num: c.align === 'right' }}>{c.cell(row)}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={props.maxRows !== undefined && props.rows.length > props.maxRows!}>
        <p class="muted small">
          Showing {props.maxRows} of {props.rows.length} rows.
        </p>
      </Show>
    </div>
  );
}
