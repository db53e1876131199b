import { A, useNavigate } from '@solidjs/router';
import { Show } from 'solid-js';
import type { RunSummary } from '../api/types.ts';
import { DataTable, type ColumnDef } from '../components/data-table.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { formatDate, formatTimestamp } from '../lib/format.ts';
import { formatMetric, KEY_METRICS, metricSpec, metricValue } from '../lib/metrics.ts';
import { timeframeMinutes } from '../lib/timeframe.ts';
import { createRuns } from '../state/create-runs.ts';
import { useShortcuts } from '../state/create-shortcuts.ts';
import { settled } from '../state/settled.ts';

/** All runs: sortable, filterable, with key metrics; select two or more to compare. */
export default function RunsPage() {
  const state = createRuns();
  const navigate = useNavigate();
  let search!: HTMLInputElement;
  const compare = () => navigate(`/compare?ids=${state.selected().map(encodeURIComponent).join(',')}`);
  useShortcuts([
    { keys: '/', description: 'Search runs', scope: 'Runs', run: () => search.focus() },
    { keys: 'c', description: 'Compare the selected runs', scope: 'Runs', run: () => state.selected().length >= 2 && compare() },
  ]);
  const columns: ColumnDef<RunSummary>[] = [
    {
      key: 'select',
      label: '',
      cell: (r) => (
        <input
          type="checkbox"
          aria-label={`select ${r.runId}`}
          checked={state.selected().includes(r.runId)}
          onClick={(e) => e.stopPropagation()}
          onChange={() => state.toggle(r.runId)}
          data-testid="run-select"
        />
      ),
    },
    { key: 'runId', label: 'Run', value: (r) => r.runId, cell: (r) => <A href={`/runs/${encodeURIComponent(r.runId)}`} class="mono" onClick={(e) => e.stopPropagation()}>{r.runId}</A> },
    { key: 'strategy', label: 'Strategy', value: (r) => r.strategy, cell: (r) => r.strategy },
    { key: 'symbols', label: 'Symbols', value: (r) => r.symbols.join(','), cell: (r) => <span title={r.symbols.join(', ')}>{r.symbols.length > 4 ? `${r.symbols.slice(0, 4).join(', ')} +${r.symbols.length - 4}` : r.symbols.join(', ')}</span> },
    { key: 'timeframe', label: 'Timeframe', value: (r) => timeframeMinutes(r.timeframe) ?? r.timeframe, cell: (r) => <span class="nowrap" data-testid="run-timeframe">{r.timeframe}</span> },
    { key: 'period', label: 'Period', value: (r) => r.fromTs, cell: (r) => <span class="nowrap">{formatDate(r.fromTs)} → {formatDate(r.toTs)}</span> },
    ...KEY_METRICS.map(
      (k): ColumnDef<RunSummary> => ({
        key: k,
        label: metricSpec(k).label,
        align: 'right',
        value: (r) => metricValue(r.metrics, k),
        cell: (r) => formatMetric(metricSpec(k), metricValue(r.metrics, k)),
      }),
    ),
    { key: 'status', label: 'Status', value: (r) => r.status, cell: (r) => <span class={`badge status-${r.status}`}>{r.status}</span> },
    { key: 'createdAt', label: 'Created', value: (r) => r.createdAt, cell: (r) => <span class="muted nowrap">{formatTimestamp(r.createdAt)}</span> },
  ];
  return (
    <section class="runs">
      <header class="page-head">
        <h1>Runs</h1>
        <div class="toolbar">
          <input ref={search} type="search" placeholder="Filter: strategy, symbol, id, tag… ( / )" value={state.text()} onInput={(e) => state.setText(e.currentTarget.value)} aria-label="Filter runs" />
          <select value={state.status()} onChange={(e) => state.setStatus(e.currentTarget.value)} aria-label="Status">
            <option value="">any status</option>
            <option value="completed">completed</option>
            <option value="cancelled">cancelled</option>
            <option value="failed">failed</option>
          </select>
          <button type="button" class="primary" disabled={state.selected().length < 2} onClick={compare} data-testid="compare-selected">
            Compare {state.selected().length >= 2 ? `(${state.selected().length})` : ''}
          </button>
          <Show when={state.selected().length > 0}>
            <button type="button" class="ghost" onClick={() => state.clear()}>
              Clear
            </button>
          </Show>
        </div>
      </header>
      <Show when={!state.runs.error} fallback={<ErrorBox error={state.runs.error} retry={() => void state.refetch()} />}>
        <Show when={settled(state.runs)} fallback={<Loading what="runs" />}>
          <Show
            when={state.visible().length > 0}
            fallback={
              <Empty>
                {state.all().length === 0 ? (
                  <>
                    No runs yet. Run a backtest from a notebook cell, or <code>npm run demo</code>.
                  </>
                ) : (
                  'No run matches the filter.'
                )}
              </Empty>
            }
          >
            <p class="muted small">
              {state.visible().length} of {state.all().length} runs · select two or more to compare
            </p>
            <DataTable rows={state.visible()} columns={columns} rowKey={(r) => r.runId} label="Runs" initialSort={{ key: 'createdAt', dir: 'desc' }} onRowClick={(r) => navigate(`/runs/${encodeURIComponent(r.runId)}`)} testId="runs-table" />
            <Show when={state.hasMore()}>
              <button type="button" disabled={state.loadingMore()} onClick={() => void state.loadMore()}>
                {state.loadingMore() ? 'Loading…' : 'Load more runs'}
              </button>
            </Show>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
