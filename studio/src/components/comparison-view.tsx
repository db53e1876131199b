import { A } from '@solidjs/router';
import { createSignal, For, type JSX, Show } from 'solid-js';
import type { CompareResult, Trade } from '../api/types.ts';
import { drawdownChart, equityChart, rollingSharpeChart } from '../charts/chart-specs.ts';
import { MISSING, type ConfigDiffRow } from '../lib/config-diff.ts';
import { formatCell, formatDate, formatMoney, formatTimestamp } from '../lib/format.ts';
import { bestIndex, formatMetric, formatMetricDiff, metricSpec } from '../lib/metrics.ts';
import { createCompare } from '../state/create-compare.ts';
import { DataTable, type ColumnDef } from './data-table.tsx';
import { PlotView } from './plot-view.tsx';
import { Empty, ErrorBox, Loading } from './states.tsx';
import { settled } from '../state/settled.ts';

/** Side-by-side comparison of two or more runs (the Compare page and notebook compare cells); `errorActions` go under a failure's message. */
export function ComparisonView(props: { readonly ids: readonly string[]; readonly compact?: boolean; readonly errorActions?: JSX.Element }) {
  const [window, setWindow] = createSignal(63);
  const c = createCompare(() => props.ids, window);
  return (
    <Show when={props.ids.length >= 2} fallback={<Empty>Pick at least two runs to compare.</Empty>}>
      <Show when={!c.result.error} fallback={<ErrorBox error={c.result.error} title="Cannot compare these runs">{props.errorActions}</ErrorBox>}>
        <Show when={settled(c.result)} fallback={<Loading what="comparison" />}>
          {(r) => (
            <div class="comparison" data-testid="comparison">
              <RunsLegend result={r()} />
              <div class="card">
                <h3>Equity, normalised to 1</h3>
                <PlotView label="Equity curves normalised" render={(w) => equityChart(c.curves()!.curves.map((x) => ({ name: x.runId, x: c.curves()!.ts, y: x.normalised })), { width: w, height: props.compact ? 220 : 280, normalised: true })} />
              </div>
              <div class="grid-2">
                <div class="card">
                  <h3>Drawdown</h3>
                  <PlotView label="Drawdowns" render={(w) => drawdownChart(c.curves()!.curves.map((x) => ({ name: x.runId, x: c.curves()!.ts, y: x.drawdown })), { width: w, height: 200 })} />
                </div>
                <div class="card">
                  <h3>
                    Rolling Sharpe{' '}
                    <select aria-label="Rolling window" value={window()} onChange={(e) => setWindow(Number(e.currentTarget.value))}>
                      <For each={[21, 63, 126, 252]}>{(n) => <option value={n}>{n} bars</option>}</For>
                    </select>
                  </h3>
                  <PlotView label="Rolling Sharpe" render={(w) => rollingSharpeChart(c.curves()!.curves.map((x) => ({ name: x.runId, x: c.curves()!.ts, y: x.sharpe })), { width: w, height: 200, window: window() })} />
                </div>
              </div>
              <div class="card">
                <h3>Metrics</h3>
                <MetricsCompare result={r()} />
              </div>
              <div class="card">
                <h3>Config diff</h3>
                <Show when={!c.details.error} fallback={<ErrorBox error={c.details.error} />}>
                  <Show when={c.configDiff()} fallback={<Loading what="configs" />}>
                    {(rows) => <ConfigDiffTable rows={rows()} runIds={r().runs.map((x) => x.runId)} />}
                  </Show>
                </Show>
              </div>
              <Show when={!props.compact}>
                <div class="card">
                  <h3>Trades of each run</h3>
                  <Show when={!c.trades.error} fallback={<ErrorBox error={c.trades.error} />}>
                    <Show when={settled(c.trades)} fallback={<Loading what="trades" />}>
                      {(all) => (
                        <div class={`grid-${Math.min(all().length, 3)}`}>
                          <For each={all()}>{(t) => <RunTrades runId={t.runId} trades={t.trades} />}</For>
                        </div>
                      )}
                    </Show>
                  </Show>
                </div>
              </Show>
            </div>
          )}
        </Show>
      </Show>
    </Show>
  );
}

function RunsLegend(props: { readonly result: CompareResult }) {
  return (
    <ol class="runs-legend">
      <For each={props.result.runs}>
        {(r, i) => (
          <li>
            <span class="muted">{i() === 0 ? 'base' : `#${i() + 1}`}</span> <A href={`/runs/${encodeURIComponent(r.runId)}`} class="mono">{r.runId}</A> {r.strategy} · {r.symbols.join(', ')} · {formatDate(r.fromTs)} → {formatDate(r.toTs)}
          </li>
        )}
      </For>
    </ol>
  );
}

/** Metrics side by side: the best value per row marked ★, each run's difference from the first run below its value. */
export function MetricsCompare(props: { readonly result: CompareResult }) {
  return (
    <div class="table-wrap">
      <table class="data metrics-compare" data-testid="metrics-compare">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <For each={props.result.runs}>{(r) => <th scope="col" class="num mono" title={r.runId}>{r.runId.slice(0, 14)}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={props.result.metrics}>
            {(m) => {
              const spec = metricSpec(m.key);
              const best = bestIndex(spec, m.values);
              return (
                <tr>
                  <th scope="row">{spec.label}</th>
                  <For each={m.values}>
                    {(v, i) => (
                      <td class="num" classList={{ best: i() === best }}>
                        {formatMetric(spec, v)}
                        {i() === best ? <span class="star" title="best"> ★</span> : null}
                        <Show when={i() > 0}>
                          <div class="diff small muted">{formatMetricDiff(spec, v, m.values[0])}</div>
                        </Show>
                      </td>
                    )}
                  </For>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}

function ConfigDiffTable(props: { readonly rows: readonly ConfigDiffRow[]; readonly runIds: readonly string[] }) {
  return (
    <Show when={props.rows.length > 0} fallback={<Empty>The configs are identical apart from the data they read.</Empty>}>
      <div class="table-wrap">
        <table class="data config-diff" data-testid="config-diff">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <For each={props.runIds}>{(id) => <th scope="col" class="mono">{id.slice(0, 14)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr>
                  <th scope="row" class="mono">{row.path}</th>
                  <For each={row.values}>{(v) => <td class="mono">{v === MISSING ? <span class="muted">(absent)</span> : formatCell(v)}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}

function RunTrades(props: { readonly runId: string; readonly trades: readonly Trade[] }) {
  const cols: ColumnDef<Trade>[] = [
    { key: 'symbol', label: 'Sym', value: (t) => t.symbol, cell: (t) => t.symbol },
    { key: 'entryTs', label: 'Entry', value: (t) => t.entryTs, cell: (t) => formatTimestamp(t.entryTs) },
    { key: 'exitTs', label: 'Exit', value: (t) => t.exitTs, cell: (t) => formatTimestamp(t.exitTs) },
    { key: 'pnl', label: 'P&L', align: 'right', value: (t) => t.pnl, cell: (t) => <span classList={{ pos: t.pnl > 0, neg: t.pnl < 0 }}>{formatMoney(t.pnl)}</span> },
  ];
  return (
    <div>
      <h4 class="mono">{props.runId}</h4>
      <Show when={props.trades.length > 0} fallback={<Empty>No closed trades.</Empty>}>
        <DataTable rows={props.trades} columns={cols} rowKey={(t) => `${t.symbol}-${t.entryTs}`} label={`Trades of ${props.runId}`} maxRows={200} />
      </Show>
    </div>
  );
}
