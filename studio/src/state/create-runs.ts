import { createMemo, createResource, createSignal } from 'solid-js';
import { listRuns } from '../api/endpoints.ts';
import type { RunSummary } from '../api/types.ts';
import { filterRows } from '../lib/table-sort.ts';

/** The runs list: loaded once per status filter, text-filtered locally, with a selection for Compare. */
export function createRuns() {
  const [status, setStatus] = createSignal<string>('');
  const [text, setText] = createSignal('');
  const [selected, setSelected] = createSignal<readonly string[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [more, setMore] = createSignal<RunSummary[]>([]);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [runs, { refetch }] = createResource(status, async (s) => {
    const page = await listRuns({ status: s || undefined, limit: 200 });
    setCursor(page.nextCursor);
    setMore([]);
    return page.runs;
  });
  const all = createMemo(() => [...(runs() ?? []), ...more()]);
  const visible = createMemo(() => filterRows(all(), text(), searchText));
  return {
    runs,
    all,
    visible,
    hasMore: () => cursor() !== null,
    loadingMore,
    /** The next page of runs (the filter box searches what is loaded). */
    async loadMore() {
      const c = cursor();
      if (c === null) return;
      setLoadingMore(true);
      try {
        const page = await listRuns({ status: status() || undefined, limit: 200, cursor: c });
        setMore((m) => [...m, ...page.runs]);
        setCursor(page.nextCursor);
      } finally {
        setLoadingMore(false);
      }
    },
    refetch,
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
