import { A, useParams } from '@solidjs/router';
import { createSignal, For, type JSX, type Resource, Show } from 'solid-js';
import type { Fill, Rejection, RunDetail, Trade } from '../api/types.ts';
import { priceChart, type TradeMark } from '../charts/chart-specs.ts';
import { DataTable, type ColumnDef } from '../components/data-table.tsx';
import { EquityPanel } from '../components/equity-panel.tsx';
import { JournalTable } from '../components/journal-table.tsx';
import { MetricsGrid } from '../components/metrics-grid.tsx';
import { PlotView } from '../components/plot-view.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import type { DecisionRow } from '../lib/decisions.ts';
import { formatDate, formatMoney, formatNumber, formatPercent, formatTimestamp, toMs } from '../lib/format.ts';
import { createRunDetail } from '../state/create-run-detail.ts';
import { settled } from '../state/settled.ts';

const TABS = ['trades', 'fills', 'decisions', 'rejections', 'journal', 'config'] as const;
type Tab = (typeof TABS)[number];

/** One run: equity and drawdown, price per symbol with entries and exits, trades, decisions, rejections, journal. */
export default function RunDetailPage() {
  const params = useParams();
  const d = createRunDetail(() => params.id ?? '');
  const [tab, setTab] = createSignal<Tab>('trades');
  return (
    <section class="run-detail">
      <Show when={!d.run.error} fallback={
          <ErrorBox error={d.run.error} title="Cannot load the run">
            <p class="error-actions">
              <A href="/runs" data-testid="back-to-runs">Back to the runs list</A>
            </p>
          </ErrorBox>
        }
      >
        <Show when={settled(d.run)} fallback={<Loading what="run" />}>
          {(run) => (
            <>
              <header class="page-head">
                <div>
                  <h1 class="mono">{run().runId}</h1>
                  <p class="muted">
                    {run().strategy} · {run().symbols.join(', ')} · {run().timeframe} · {formatDate(run().fromTs)} → {formatDate(run().toTs)} · <span class={`badge status-${run().status}`}>{run().status}</span>
                  </p>
                </div>
                <div class="toolbar">
                  <A href={`/journal?run=${encodeURIComponent(run().runId)}`}>Journal of this run</A>
                </div>
              </header>
              <For each={run().warnings}>{(w) => <p class="notice">⚠ {w}</p>}</For>
              <MetricsGrid metrics={run().metrics} />
              <div class="card">
                <h2>Equity and drawdown</h2>
                <Show when={!d.equity.error} fallback={<ErrorBox error={d.equity.error} title="Cannot load the equity curve" />}>
                  <Show when={settled(d.equity)} fallback={<Loading what="equity curve" />}>
                    {(eq) => (
                      <Show when={eq().curve.length > 0} fallback={<Empty>The run has no equity points.</Empty>}>
                        <EquityPanel curve={eq().curve} timing={eq().timing} name={run().runId} />
                      </Show>
                    )}
                  </Show>
                </Show>
              </div>
              <PriceCharts run={run()} trades={settled(d.trades) ?? []} prices={d.prices} />
              <nav class="tabs" role="tablist">
                <For each={TABS}>
                  {(t) => (
                    <button type="button" role="tab" aria-selected={tab() === t} classList={{ active: tab() === t }} onClick={() => setTab(t)}>
                      {t}
                      {t === 'trades' ? ` (${run().tradeCount})` : t === 'fills' ? ` (${run().fillCount})` : t === 'rejections' ? ` (${run().rejections.length})` : ''}
                    </button>
                  )}
                </For>
              </nav>
              <div class="card">
                <Show when={tab() === 'trades'}>
                  <Resourced value={d.trades} what="trades" empty="No closed trades.">
                    {(rows) => <TradesTable trades={rows} />}
                  </Resourced>
                </Show>
                <Show when={tab() === 'fills'}>
                  <Resourced value={d.fills} what="fills" empty="No fills.">
                    {(rows) => <FillsTable fills={rows} />}
                  </Resourced>
                </Show>
                <Show when={tab() === 'decisions'}>
                  <Resourced value={d.decisions} what="decisions" empty="No decisions journalled for this run.">
                    {(rows) => <DecisionsTable rows={rows} />}
                  </Resourced>
                </Show>
                <Show when={tab() === 'rejections'}>
                  <Show when={run().rejections.length > 0} fallback={<Empty>Nothing was rejected.</Empty>}>
                    <RejectionsTable rows={run().rejections} />
                  </Show>
                </Show>
                <Show when={tab() === 'journal'}>
                  <input type="search" placeholder="Search this run's journal" value={d.journalQuery()} onChange={(e) => d.setJournalQuery(e.currentTarget.value)} aria-label="Search the run's journal" />
                  <Resourced value={d.journal} what="journal" empty="No entries match.">
                    {(rows) => <JournalTable entries={rows} />}
                  </Resourced>
                </Show>
                <Show when={tab() === 'config'}>
                  <pre class="json">{JSON.stringify(run().config, null, 2)}</pre>
                </Show>
              </div>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}

function Resourced<T>(props: { readonly value: Resource<T[]>; readonly what: string; readonly empty: string; readonly children: (rows: T[]) => JSX.Element }) {
  return (
    <Show when={!props.value.error} fallback={<ErrorBox error={props.value.error} title={`Cannot load ${props.what}`} />}>
      <Show when={settled(props.value)} fallback={<Loading what={props.what} />}>
        {(rows) => <Show when={rows().length > 0} fallback={<Empty>{props.empty}</Empty>}>{props.children(rows())}</Show>}
      </Show>
    </Show>
  );
}

function PriceCharts(props: { readonly run: RunDetail; readonly trades: readonly Trade[]; readonly prices: ReturnType<typeof createRunDetail>['prices'] }) {
  return (
    <div class="card">
      <h2>Prices with entries ▲ and exits ▼</h2>
      <For each={props.run.symbols.slice(0, 8)}>
        {(symbol) => {
          const bars = props.prices(symbol, props.run.timeframe, props.run.fromTs, props.run.toTs);
          const marks = (): TradeMark[] =>
            props.trades
              .filter((t) => t.symbol === symbol)
              .flatMap((t) => [
                { ts: toMs(t.entryTs) ?? Number.NaN, price: t.entryPrice, kind: 'entry' as const, label: `${t.side} entry ${t.qty} @ ${t.entryPrice}` },
                { ts: toMs(t.exitTs) ?? Number.NaN, price: t.exitPrice, kind: 'exit' as const, label: `exit @ ${t.exitPrice}, P&L ${formatMoney(t.pnl)}` },
              ]);
          return (
            <Show when={!bars.error} fallback={<ErrorBox error={bars.error} title={`Cannot load ${symbol} prices`} />}>
              <Show when={settled(bars)} fallback={<Loading what={`${symbol} prices`} />}>
                {(b) => (
                  <Show when={b().ts.length > 0} fallback={<Empty>No {props.run.timeframe} bars of {symbol} are stored for this period.</Empty>}>
                    <PlotView label={`${symbol} price with trades`} render={(w) => priceChart({ name: symbol, x: b().ts, y: b().close }, marks(), { width: w, height: 200 })} />
                  </Show>
                )}
              </Show>
            </Show>
          );
        }}
      </For>
      <Show when={props.run.symbols.length > 8}>
        <p class="muted small">First 8 of {props.run.symbols.length} symbols shown.</p>
      </Show>
    </div>
  );
}

function TradesTable(props: { readonly trades: readonly Trade[] }) {
  const cols: ColumnDef<Trade>[] = [
    { key: 'symbol', label: 'Symbol', value: (t) => t.symbol, cell: (t) => t.symbol },
    { key: 'side', label: 'Side', value: (t) => t.side, cell: (t) => t.side },
    { key: 'qty', label: 'Qty', align: 'right', value: (t) => t.qty, cell: (t) => formatNumber(t.qty, 6) },
    { key: 'entryTs', label: 'Entry', value: (t) => t.entryTs, cell: (t) => formatTimestamp(t.entryTs) },
    { key: 'entryPrice', label: 'Entry $', align: 'right', value: (t) => t.entryPrice, cell: (t) => formatNumber(t.entryPrice, 4) },
    { key: 'exitTs', label: 'Exit', value: (t) => t.exitTs, cell: (t) => formatTimestamp(t.exitTs) },
    { key: 'exitPrice', label: 'Exit $', align: 'right', value: (t) => t.exitPrice, cell: (t) => formatNumber(t.exitPrice, 4) },
    { key: 'pnl', label: 'P&L', align: 'right', value: (t) => t.pnl, cell: (t) => <span classList={{ pos: t.pnl > 0, neg: t.pnl < 0 }}>{formatMoney(t.pnl)}</span> },
    { key: 'fees', label: 'Fees', align: 'right', value: (t) => t.fees, cell: (t) => formatMoney(t.fees) },
  ];
  return <DataTable rows={props.trades} columns={cols} rowKey={(t) => `${t.symbol}-${t.entryTs}-${t.exitTs}`} label="Trades" maxRows={2000} testId="trades-table" />;
}

function FillsTable(props: { readonly fills: readonly Fill[] }) {
  const cols: ColumnDef<Fill>[] = [
    { key: 'orderId', label: 'Order', value: (f) => f.orderId, cell: (f) => <A href={`/journal?order=${encodeURIComponent(f.orderId)}`} class="mono" title="Trace this order">{f.orderId}</A> },
    { key: 'ts', label: 'Time', value: (f) => f.ts, cell: (f) => formatTimestamp(f.ts) },
    { key: 'symbol', label: 'Symbol', value: (f) => f.symbol, cell: (f) => f.symbol },
    { key: 'side', label: 'Side', value: (f) => f.side, cell: (f) => f.side },
    { key: 'qty', label: 'Qty', align: 'right', value: (f) => f.qty, cell: (f) => formatNumber(f.qty, 6) },
    { key: 'price', label: 'Price', align: 'right', value: (f) => f.price, cell: (f) => formatNumber(f.price, 4) },
    { key: 'fee', label: 'Fee', align: 'right', value: (f) => f.fee, cell: (f) => formatMoney(f.fee) },
  ];
  return <DataTable rows={props.fills} columns={cols} rowKey={(f) => `${f.orderId}-${f.ts}-${f.qty}`} label="Fills" maxRows={2000} testId="fills-table" />;
}

function DecisionsTable(props: { readonly rows: readonly DecisionRow[] }) {
  const cols: ColumnDef<DecisionRow>[] = [
    { key: 'seq', label: '#', align: 'right', value: (r) => r.seq, cell: (r) => r.seq },
    { key: 'ts', label: 'Bar', value: (r) => r.ts, cell: (r) => formatTimestamp(r.ts) },
    { key: 'symbol', label: 'Symbol', value: (r) => r.symbol, cell: (r) => r.symbol ?? '—' },
    { key: 'action', label: 'Action', value: (r) => r.action, cell: (r) => `${r.action} ${r.size}` },
    { key: 'confidence', label: 'Confidence', align: 'right', value: (r) => r.confidence, cell: (r) => (r.confidence === null ? '—' : formatPercent(r.confidence, 0)) },
    { key: 'rationale', label: 'Rationale', cell: (r) => <span class="rationale">{r.rationale ?? '—'}{r.model ? <span class="muted small"> · {r.model}</span> : null}</span> },
    {
      key: 'verdict',
      label: 'Risk verdict',
      value: (r) => r.verdict,
      cell: (r) => (
        <span title={r.rules.map((x) => JSON.stringify(x)).join('\n')}>
          <span class={`badge verdict-${r.verdict}`}>{r.verdict}</span> {r.verdictReason ?? ''}
        </span>
      ),
    },
  ];
  return <DataTable rows={props.rows} columns={cols} rowKey={(r) => String(r.seq)} label="Decisions" maxRows={2000} testId="decisions-table" />;
}

function RejectionsTable(props: { readonly rows: readonly Rejection[] }) {
  const cols: ColumnDef<Rejection>[] = [
    { key: 'ts', label: 'Time', value: (r) => r.ts, cell: (r) => formatTimestamp(r.ts) },
    { key: 'symbol', label: 'Symbol', value: (r) => r.symbol, cell: (r) => r.symbol },
    { key: 'stage', label: 'Stage', value: (r) => r.stage, cell: (r) => r.stage },
    { key: 'reason', label: 'Reason', value: (r) => r.reason, cell: (r) => r.reason },
    { key: 'orderId', label: 'Order', cell: (r) => (r.orderId ? <A href={`/journal?order=${encodeURIComponent(r.orderId)}`} class="mono">{r.orderId}</A> : '—') },
  ];
  return <DataTable rows={props.rows} columns={cols} rowKey={(r) => `${r.ts}-${r.symbol}-${r.reason}`} label="Rejections" maxRows={2000} />;
}

