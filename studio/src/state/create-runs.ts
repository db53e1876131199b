import { createMemo, createResource, createSignal } from 'solid-js';
import { listRuns } from '../api/endpoints.ts';
import type { RunSummary } from '../api/types.ts';
import { filterRows } from '../lib/table-sort.ts';
import { createPages } from './create-pages.ts';

/** The runs list: loaded once per status filter, text-filtered locally, with a selection for Compare. */
export function createRuns() {
  const [status, setStatus] = createSignal<string>('');
  const [text, setText] = createSignal('');
  const [selected, setSelected] = createSignal<readonly string[]>([]);
  const pages = createPages(status, async (s, cursor) => {
    const page = await listRuns({ status: s || undefined, limit: 200, cursor });
    return { items: page.runs, nextCursor: page.nextCursor };
  });
  const all = pages.all;
  const visible = createMemo(() => filterRows(all(), text(), searchText));
  return {
    runs: pages.first,
    all,
    visible,
    hasMore: pages.hasMore,
    loadingMore: pages.loadingMore,
    /** The next page of runs (the filter box searches what is loaded). */
    loadMore: pages.loadMore,
    refetch: pages.refetch,
    status,
    setStatus,
    text,
    setText,
    selected,
    toggle(id: string) {
      setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
    },
    clear() {
      setSelected([]);
    },
  };
}

function searchText(r: RunSummary): string {
  return `${r.runId} ${r.strategy} ${r.symbols.join(' ')} ${r.timeframe} ${r.status} ${(r.tags ?? []).join(' ')}`;
}

/** The most recent runs, for pickers (compare cells). */
export function createRunChoices(limit = 50) {
  const [runs] = createResource(async () => (await listRuns({ limit })).runs);
  return runs;
}
