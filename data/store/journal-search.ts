import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { JournalEntry } from '../../engine/index.ts';
import { ENTRY_COLUMNS, entryFromRow } from './journal-rows.ts';
import { queryValue } from './sql.ts';
import { StoreError } from './store-error.ts';

/** A page-wise search of the stored journal (the API's `/api/logs`). Every field given narrows. */
export interface JournalSearch {
  readonly runId?: string;
  /** Any of these kinds (e.g. ['decision', 'signal']). */
  readonly kinds?: readonly string[];
  readonly actor?: string;
  readonly symbol?: string;
  readonly orderId?: string;
  /** recordedAt bounds, epoch ms, inclusive. */
  readonly fromRecordedAt?: number;
  readonly toRecordedAt?: number;
  /** Case-insensitive substring of the payload text, kind, actor, symbol or order id. */
  readonly text?: string;
  /** By sequence number: 'desc' newest first. */
  readonly order: 'asc' | 'desc';
  /** Entries per page, 1..10,000. */
  readonly limit: number;
  /** Continue after this sequence number (exclusive, in `order`): the previous page's nextSeq. */
  readonly afterSeq?: number;
}

/** One page of entries; nextSeq is the afterSeq of the next page, null when this is the last. */
export interface JournalPage {
  readonly entries: JournalEntry[];
  readonly nextSeq: number | null;
}

/**
 * The entries of one page of `search`, in its order. Reading whole rows is what costs (the payload column), so the
 * page's sequence numbers are found first on the narrow columns, then only those rows are read: sequence numbers
 * are contiguous from 1 (the chain has no gaps), and rows are stored in seq order, so a seq range skips the rest.
 */
export async function searchJournal(conn: DuckDBConnection, search: JournalSearch): Promise<JournalPage> {
  const where: string[] = [];
  const values: DuckDBValue[] = [];
  const param = (v: DuckDBValue) => `$${values.push(v)}`;
  if (search.runId !== undefined) where.push(`run_id = ${param(search.runId)}`);
  if (search.kinds !== undefined && search.kinds.length > 0) where.push(`kind IN (${search.kinds.map((k) => param(k)).join(', ')})`);
  if (search.actor !== undefined) where.push(`actor = ${param(search.actor)}`);
  if (search.symbol !== undefined) where.push(`symbol = ${param(search.symbol)}`);
  if (search.orderId !== undefined) where.push(`order_id = ${param(search.orderId)}`);
  if (search.fromRecordedAt !== undefined) where.push(`recorded_at >= ${param(whole('fromRecordedAt', search.fromRecordedAt))}`);
  if (search.toRecordedAt !== undefined) where.push(`recorded_at <= ${param(whole('toRecordedAt', search.toRecordedAt))}`);
  if (search.text !== undefined && search.text !== '') {
    const p = param(search.text.toLowerCase());
    where.push(`(strpos(lower(data), ${p}) > 0 OR strpos(lower(kind), ${p}) > 0 OR strpos(lower(actor), ${p}) > 0 OR strpos(lower(coalesce(symbol, '')), ${p}) > 0 OR strpos(lower(coalesce(order_id, '')), ${p}) > 0)`);
  }
  const order = search.order;
  if (order !== 'asc' && order !== 'desc') throw new StoreError('invalid', `journal order must be 'asc' or 'desc', got ${JSON.stringify(order)}`);
  const after = search.afterSeq === undefined ? undefined : whole('afterSeq', search.afterSeq);
  const limit = whole('limit', search.limit);
  if (limit < 1 || limit > 10_000) throw new StoreError('invalid', `journal page limit must be 1..10000, got ${limit}`);

  let seqs: number[];
  if (where.length === 0) {
    // No filter: the page is a range of the contiguous sequence numbers.
    const last = Number(await queryValue(conn, 'SELECT coalesce(max(seq), 0)::DOUBLE FROM journal'));
    const [lo, hi] = order === 'asc' ? [(after ?? 0) + 1, Math.min(last, (after ?? 0) + limit + 1)] : [Math.max(1, Math.min(last, (after ?? last + 1) - 1) - limit), Math.min(last, (after ?? last + 1) - 1)];
    seqs = [];
    for (let s = lo; s <= hi; s++) seqs.push(s);
    if (order === 'desc') seqs.reverse();
  } else {
    if (after !== undefined) where.push(`seq ${order === 'asc' ? '>' : '<'} ${param(after)}`);
    const rows = (await conn.runAndReadAll(`SELECT seq::DOUBLE FROM journal WHERE ${where.join(' AND ')} ORDER BY seq ${order} LIMIT ${limit + 1}`, values)).getRowsJS();
    seqs = rows.map((r) => r[0] as number);
  }
  const more = seqs.length > limit;
  const page = seqs.slice(0, limit);
  if (page.length === 0) return { entries: [], nextSeq: null };
  const lo = Math.min(page[0], page[page.length - 1]);
  const hi = Math.max(page[0], page[page.length - 1]);
  // Whole numbers we computed, not user text: safe to inline.
  const inPage = where.length === 0 ? '' : ` AND seq IN (${page.join(',')})`;
  const rows = (await conn.runAndReadAll(`SELECT ${ENTRY_COLUMNS} FROM journal WHERE seq BETWEEN ${lo} AND ${hi}${inPage} ORDER BY seq ${order}`)).getRowsJS();
  const entries = rows.map(entryFromRow);
  return { entries, nextSeq: more ? entries[entries.length - 1].seq : null };
}

function whole(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new StoreError('invalid', `journal search ${name} must be a whole number ≥ 0, got ${value}`);
  return value;
}
