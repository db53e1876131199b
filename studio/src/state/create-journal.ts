import { createResource, createSignal } from 'solid-js';
import { listLogs, traceOrder, verifyLogs, type LogFilter } from '../api/endpoints.ts';
import type { JournalEntry } from '../api/types.ts';

/** The audit journal page: filters, pages of entries, the chain verdict and one order's trace. */
export function createJournal(initial: { run?: string; order?: string }) {
  const [filter, setFilter] = createSignal<LogFilter>({ run: initial.run, order: 'desc', limit: 200 });
  const [extra, setExtra] = createSignal<JournalEntry[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [entries, { refetch }] = createResource(filter, async (f) => {
    const page = await listLogs(f);
    setExtra([]);
    setCursor(page.nextCursor);
    return page.entries;
  });
  const [verdict, { refetch: reverify }] = createResource(() => verifyLogs());
  const [orderId, setOrderId] = createSignal<string | null>(initial.order ?? null);
  const [trace] = createResource(orderId, (id) => traceOrder(id));
  const [selected, setSelected] = createSignal<JournalEntry | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  return {
    filter,
    setFilter: (patch: Partial<LogFilter>) => setFilter((f) => ({ ...f, ...patch, cursor: undefined })),
    entries: () => [...(entries() ?? []), ...extra()],
    resource: entries,
    refetch,
    hasMore: () => cursor() !== null,
    loadingMore,
    async loadMore() {
      const c = cursor();
      if (c === null) return;
      setLoadingMore(true);
      try {
        const page = await listLogs({ ...filter(), cursor: c });
        setExtra((x) => [...x, ...page.entries]);
        setCursor(page.nextCursor);
      } finally {
        setLoadingMore(false);
      }
    },
    verdict,
    reverify,
    orderId,
    setOrderId,
    trace,
    selected,
    setSelected,
  };
}
