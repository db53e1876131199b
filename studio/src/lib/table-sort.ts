/** Sorting and filtering for tables. Pure. */

export interface SortState {
  readonly key: string;
  readonly dir: 'asc' | 'desc';
}

/** Clicking a header: a new column sorts descending first (biggest numbers on top), the same column flips. */
export function nextSort(current: SortState | null, key: string): SortState {
  if (current?.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'desc' };
}

/** A stable sort by a value; nulls and NaN always last. */
export function sortRows<T>(rows: readonly T[], value: (row: T) => number | string | null, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((a, b) => {
      const an = a.v === null || (typeof a.v === 'number' && Number.isNaN(a.v));
      const bn = b.v === null || (typeof b.v === 'number' && Number.isNaN(b.v));
      if (an || bn) return an && bn ? a.i - b.i : an ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.row);
}

/** Rows whose text (from `text`) contains every whitespace-separated term of the query, case-insensitive. */
export function filterRows<T>(rows: readonly T[], queryText: string, text: (row: T) => string): T[] {
  const terms = queryText.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return rows.slice();
  return rows.filter((r) => {
    const t = text(r).toLowerCase();
    return terms.every((term) => t.includes(term));
  });
}
