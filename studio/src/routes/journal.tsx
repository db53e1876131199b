import { A, useSearchParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { query } from '../api/client.ts';
import type { JournalEntry } from '../api/types.ts';
import { JournalTable } from '../components/journal-table.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { formatTimestamp } from '../lib/format.ts';
import { JOURNAL_KINDS, stepTitle, summariseEntry } from '../lib/journal-view.ts';
import { createJournal } from '../state/create-journal.ts';
import { useShortcuts } from '../state/create-shortcuts.ts';
import { settled } from '../state/settled.ts';

/** The audit journal: filterable and searchable, with the chain's verdict and the trace of a selected order. */
export default function JournalPage() {
  const [params, setParams] = useSearchParams();
  const j = createJournal({ run: typeof params.run === 'string' ? params.run : undefined, order: typeof params.order === 'string' ? params.order : undefined });
  let search!: HTMLInputElement;
  useShortcuts([{ keys: '/', description: 'Search the journal', scope: 'Journal', run: () => search.focus() }]);
  /** The current filters as a download of every matching entry (the cookie authenticates the GET). */
  const exportHref = (format: 'ndjson' | 'csv') => {
    const { limit: _limit, cursor: _cursor, ...f } = j.filter();
    return `/api/logs${query({ ...f, format })}`;
  };
  const trace = (id: string) => {
    j.setOrderId(id);
    setParams({ order: id });
  };
  return (
    <section class="journal">
      <header class="page-head">
        <h1>Audit journal</h1>
        <ChainBadge verdict={settled(j.verdict)} error={j.verdict.error} loading={j.verdict.loading} onVerify={() => void j.reverify()} />
      </header>
      <form class="toolbar filters" onSubmit={(e) => { e.preventDefault(); j.setFilter({ q: search.value || undefined }); }}>
        <input ref={search} type="search" placeholder="Search payload, kind, actor, symbol, order… ( / )" aria-label="Search the journal" value={j.filter().q ?? ''} data-testid="journal-search" />
        <select aria-label="Kind" value={j.filter().kind ?? ''} onChange={(e) => j.setFilter({ kind: e.currentTarget.value || undefined })}>
          <option value="">every kind</option>
          <For each={JOURNAL_KINDS}>{(k) => <option value={k}>{k}</option>}</For>
        </select>
        <input type="text" placeholder="actor" aria-label="Actor" size={10} value={j.filter().actor ?? ''} onChange={(e) => j.setFilter({ actor: e.currentTarget.value || undefined })} />
        <input type="text" placeholder="symbol" aria-label="Symbol" size={7} value={j.filter().symbol ?? ''} onChange={(e) => j.setFilter({ symbol: e.currentTarget.value.toUpperCase() || undefined })} />
        <input type="text" placeholder="run id" aria-label="Run" size={20} value={j.filter().run ?? ''} onChange={(e) => j.setFilter({ run: e.currentTarget.value || undefined })} />
        <select aria-label="Order" value={j.filter().order ?? 'desc'} onChange={(e) => j.setFilter({ order: e.currentTarget.value as 'asc' | 'desc' })}>
          <option value="desc">newest first</option>
          <option value="asc">oldest first</option>
        </select>
        <button type="submit">Search</button>
        <span class="small muted">
          Export <a href={exportHref('ndjson')} download="journal.ndjson">NDJSON</a> · <a href={exportHref('csv')} download="journal.csv">CSV</a>
        </span>
      </form>
      <div class="split">
        <div class="split-main">
          <Show when={!j.resource.error} fallback={<ErrorBox error={j.resource.error} retry={() => void j.refetch()} />}>
            <Show when={settled(j.resource)} fallback={<Loading what="journal" />}>
              <Show when={j.entries().length > 0} fallback={<Empty>No journal entry matches these filters.</Empty>}>
                <JournalTable entries={j.entries()} onOrder={trace} selectedOrder={j.orderId()} onSelect={(e) => j.setSelected(e)} selectedSeq={j.selected()?.seq ?? null} />
                <Show when={j.hasMore()}>
                  <button type="button" disabled={j.loadingMore()} onClick={() => void j.loadMore()}>
                    {j.loadingMore() ? 'Loading…' : 'Load more'}
                  </button>
                </Show>
              </Show>
            </Show>
          </Show>
        </div>
        <aside class="split-side">
          <Show when={j.selected()}>{(e) => <EntryDetail entry={e()} onOrder={trace} />}</Show>
          <Show when={j.orderId()} fallback={<Show when={!j.selected()}><Empty>Select an order id to see its trace from data to fill.</Empty></Show>}>
            {(id) => (
              <div class="card trace" data-testid="trace">
                <h2>
                  Trace of <span class="mono">{id()}</span>
                </h2>
                <Show when={!j.trace.error} fallback={<ErrorBox error={j.trace.error} title="Cannot trace the order" />}>
                  <Show when={settled(j.trace)} fallback={<Loading what="trace" />}>
                    {(t) => (
                      <ol class="timeline">
                        <For each={t().entries}>{(e) => <TraceStep entry={e} />}</For>
                      </ol>
                    )}
                  </Show>
                </Show>
              </div>
            )}
          </Show>
        </aside>
      </div>
    </section>
  );
}

function ChainBadge(props: { readonly verdict: ReturnType<ReturnType<typeof createJournal>['verdict']>; readonly error: unknown; readonly loading: boolean; readonly onVerify: () => void }) {
  return (
    <div class="chain" data-testid="chain-badge">
      <Show when={!props.error} fallback={<span class="badge bad">verify failed: {String((props.error as Error)?.message ?? props.error)}</span>}>
        <Show when={props.verdict} fallback={<span class="badge">verifying chain…</span>}>
          {(v) => (
            <>
              {v().firstBadSeq === undefined ? (
                <span class="badge good" title={`last hash ${v().lastHash ?? ''}`}>
                  ✓ chain verified · {v().entries} entries
                </span>
              ) : (
                <span class="badge bad" title={v().reason}>
                  ✗ chain broken at entry #{v().firstBadSeq}: {v().reason}
                </span>
              )}
              <Show when={v().runs !== undefined && v().runs!.mismatches.length === 0}>
                <span class="badge good" title={v().runs!.unchecked.length > 0 ? `not compared (journalled before run.end carried metrics): ${v().runs!.unchecked.join(', ')}` : 'every completed run compared'} data-testid="runs-check">
                  ✓ {v().runs!.checked} stored run(s) match the journal
                </span>
              </Show>
              <Show when={(v().runs?.mismatches.length ?? 0) > 0}>
                <span class="badge bad" data-testid="run-mismatches" title={(v().runs?.mismatches ?? []).map((m) => `${m.runId} ${m.field}: stored ${JSON.stringify(m.stored)}, journalled ${JSON.stringify(m.journalled)}`).join('\n')}>
                  ✗ {v().runs?.mismatches.length} stored run value(s) differ from the journal: run {v().runs?.mismatches[0].runId} {v().runs?.mismatches[0].field}
                </span>
              </Show>
            </>
          )}
        </Show>
      </Show>
      <button type="button" class="ghost" disabled={props.loading} onClick={() => props.onVerify()}>
        Verify again
      </button>
    </div>
  );
}

function TraceStep(props: { readonly entry: JournalEntry }) {
  return (
    <li class={`step kind-${props.entry.kind.replace('.', '-')}`}>
      <div class="step-head">
        <strong>{stepTitle(props.entry)}</strong> <span class="muted small">#{props.entry.seq} · {props.entry.actor}</span>
      </div>
      <div class="small">{summariseEntry(props.entry)}</div>
      <details>
        <summary class="small muted">payload</summary>
        <pre class="json">{JSON.stringify(props.entry.data, null, 2)}</pre>
      </details>
    </li>
  );
}

function EntryDetail(props: { readonly entry: JournalEntry; readonly onOrder: (id: string) => void }) {
  return (
    <div class="card entry-detail">
      <h2>Entry #{props.entry.seq}</h2>
      <dl class="kv">
        <dt>kind</dt>
        <dd>{props.entry.kind}</dd>
        <dt>actor</dt>
        <dd>{props.entry.actor}</dd>
        <dt>recorded</dt>
        <dd>{formatTimestamp(props.entry.recordedAt)}</dd>
        <dt>run</dt>
        <dd>{props.entry.runId ? <A href={`/runs/${encodeURIComponent(props.entry.runId)}`} class="mono">{props.entry.runId}</A> : '—'}</dd>
        <dt>order</dt>
        <dd>{props.entry.orderId ? <button type="button" class="link mono" onClick={() => props.onOrder(props.entry.orderId!)}>{props.entry.orderId}</button> : '—'}</dd>
        <dt>hash</dt>
        <dd class="mono small wrap">{props.entry.hash}</dd>
        <dt>prev</dt>
        <dd class="mono small wrap">{props.entry.prevHash}</dd>
      </dl>
      <pre class="json">{JSON.stringify(props.entry.data, null, 2)}</pre>
    </div>
  );
}
