import type { JournalEntry } from '../api/types.ts';
import { formatTimestamp } from '../lib/format.ts';
import { summariseEntry } from '../lib/journal-view.ts';
import { DataTable, type ColumnDef } from './data-table.tsx';

/** Journal entries as a table; an order id is a button that asks for its trace. */
export function JournalTable(props: { readonly entries: readonly JournalEntry[]; readonly onOrder?: (orderId: string) => void; readonly selectedOrder?: string | null; readonly onSelect?: (e: JournalEntry) => void; readonly selectedSeq?: number | null }) {
  const cols: ColumnDef<JournalEntry>[] = [
    { key: 'seq', label: 'Seq', align: 'right', value: (e) => e.seq, cell: (e) => e.seq },
    { key: 'recordedAt', label: 'Recorded', value: (e) => e.recordedAt, cell: (e) => <span class="muted nowrap small" title={new Date(e.recordedAt).toISOString()}>{formatTimestamp(e.recordedAt).slice(5)}</span> },
    { key: 'kind', label: 'Kind', value: (e) => e.kind, cell: (e) => <span class={`kind kind-${e.kind.replace('.', '-')}`}>{e.kind}</span> },
    { key: 'actor', label: 'Actor', value: (e) => e.actor, cell: (e) => e.actor },
    { key: 'ts', label: 'Market time', value: (e) => e.ts, cell: (e) => <span class="nowrap">{formatTimestamp(e.ts)}</span> },
    { key: 'symbol', label: 'Symbol', value: (e) => e.symbol, cell: (e) => e.symbol ?? '' },
    {
      key: 'orderId',
      label: 'Order',
      value: (e) => e.orderId,
      cell: (e) =>
        e.orderId === null ? (
          ''
        ) : props.onOrder ? (
          <button
            type="button"
            class="link mono"
            classList={{ active: props.selectedOrder === e.orderId }}
            onClick={(ev) => {
              ev.stopPropagation();
              props.onOrder?.(e.orderId!);
            }}
            title="Trace this order from data to fill"
            data-testid="trace-order"
          >
            {e.orderId}
          </button>
        ) : (
          <span class="mono">{e.orderId}</span>
        ),
    },
    { key: 'summary', label: 'What', cell: (e) => <span class="summary" title={`hash ${e.hash}`}>{summariseEntry(e)}</span> },
  ];
  return <DataTable rows={props.entries} columns={cols} rowKey={(e) => String(e.seq)} label="Journal entries" onRowClick={props.onSelect} selectedKey={props.selectedSeq === undefined || props.selectedSeq === null ? null : String(props.selectedSeq)} testId="journal-table" />;
}
