import { createMemo, createResource, createSignal, type Accessor } from 'solid-js';
import { settled } from './settled.ts';

/** One page of a cursor-paginated list. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * A cursor-paginated list that reloads from its first page whenever `source` changes, and appends further
 * pages on demand. Shared by the runs table and the journal, whose APIs page the same way.
 */
export function createPages<S, T>(source: Accessor<S>, fetchPage: (source: S, cursor: string | undefined) => Promise<Page<T>>) {
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [more, setMore] = createSignal<readonly T[]>([]);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [first, { refetch }] = createResource(source, async (s) => {
    const page = await fetchPage(s, undefined);
    setMore([]);
    setCursor(page.nextCursor);
    return page.items;
  });
  const all = createMemo(() => [...(settled(first) ?? []), ...more()]);
  return {
    /** The first page's resource: its loading and error states are the list's. */
    first,
    refetch,
    all,
    hasMore: () => cursor() !== null,
    loadingMore,
    async loadMore() {
      const c = cursor();
      if (c === null) return;
      setLoadingMore(true);
      try {
        const page = await fetchPage(source(), c);
        setMore((m) => [...m, ...page.items]);
        setCursor(page.nextCursor);
      } finally {
        setLoadingMore(false);
      }
    },
  };
}
