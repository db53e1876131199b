import { createResource, createSignal } from 'solid-js';
import { listLogs, traceOrder, verifyLogs, type LogFilter } from '../api/endpoints.ts';
import type { JournalEntry } from '../api/types.ts';
import { createPages } from './create-pages.ts';

/** The audit journal page: filters, pages of entries, the chain verdict and one order's trace. */
export function createJournal(initial: { run?: string; order?: string }) {
  const [filter, setFilter] = createSignal<LogFilter>({ run: initial.run, order: 'desc', limit: 200 });
  const pages = createPages(filter, async (f, cursor) => {
    const page = await listLogs(cursor === undefined ? f : { ...f, cursor });
    return { items: page.entries, nextCursor: page.nextCursor };
  });
  const [verdict, { refetch: reverify }] = createResource(() => verifyLogs());
  const [orderId, setOrderId] = createSignal<string | null>(initial.order ?? null);
  const [trace] = createResource(orderId, (id) => traceOrder(id));
  const [selected, setSelected] = createSignal<JournalEntry | null>(null);
  return {
    filter,
    setFilter: (patch: Partial<LogFilter>) => setFilter((f) => ({ ...f, ...patch, cursor: undefined })),
    entries: pages.all,
    resource: pages.first,
    refetch: pages.refetch,
    hasMore: pages.hasMore,
    loadingMore: pages.loadingMore,
    loadMore: pages.loadMore,
    verdict,
    reverify,
    orderId,
    setOrderId,
    trace,
    selected,
    setSelected,
  };
}
