import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { GENESIS_HASH, verifyChain, type ChainVerdict, type JournalEntry } from '../../engine/index.ts';
import { chainEntryFromRow, ENTRY_COLUMNS, entryFromRow } from './journal-rows.ts';
import { queryRows, queryValue } from './sql.ts';
import { StoreError } from './store-error.ts';

/** Which stored journal entries to read. Every field narrows; none given means the first `limit` entries. */
export interface JournalFilter {
  readonly runId?: string;
  /** A JournalKind, e.g. 'fill' or 'data.import', or several (any of them). */
  readonly kind?: string | readonly string[];
  readonly symbol?: string;
  readonly orderId?: string;
  /** Lowest sequence number returned (inclusive). */
  readonly fromSeq?: number;
  /** Highest sequence number returned (inclusive). */
  readonly toSeq?: number;
  /** At most this many entries (default 1,000). */
  readonly limit?: number;
  /** By sequence number; 'asc' (default) is oldest first. */
  readonly order?: 'asc' | 'desc';
}

/** Result of verifying the stored chain; with a runId, also how many of the chain's entries belong to that run. */
export type JournalVerdict = ChainVerdict & { readonly runId?: string; readonly runEntries?: number };

/** Stored entries matching `filter`, by sequence number. */
export async function queryJournal(conn: DuckDBConnection, filter: JournalFilter = {}): Promise<JournalEntry[]> {
  const where: string[] = [];
  const values: DuckDBValue[] = [];
  const add = (sql: string, value: DuckDBValue) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.runId !== undefined) add('run_id = ?', filter.runId);
  if (typeof filter.kind === 'string') add('kind = ?', filter.kind);
  else if (filter.kind !== undefined) {
    if (filter.kind.length === 0) throw new StoreError('invalid', 'journal kind list is empty: give at least one kind');
    const slots = filter.kind.map((k) => {
      values.push(k);
      return `$${values.length}`;
    });
    where.push(`kind IN (${slots.join(', ')})`);
  }
  if (filter.symbol !== undefined) add('symbol = ?', filter.symbol);
  if (filter.orderId !== undefined) add('order_id = ?', filter.orderId);
  if (filter.fromSeq !== undefined) add('seq >= ?', wholeNumber('fromSeq', filter.fromSeq));
  if (filter.toSeq !== undefined) add('seq <= ?', wholeNumber('toSeq', filter.toSeq));
  const limit = filter.limit === undefined ? 1000 : wholeNumber('limit', filter.limit);
  const order = filter.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new StoreError('invalid', `journal order must be 'asc' or 'desc', got ${JSON.stringify(order)}`);
  const sql = `SELECT ${ENTRY_COLUMNS} FROM journal ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${order} LIMIT ${limit}`;
  const reader = await conn.runAndReadAll(sql, values);
  return reader.getRowsJS().map(entryFromRow);
}

/**
 * Recomputes the whole stored chain from seq 1, streaming it a chunk at a time so a journal of any
 * size verifies in constant memory, and names the first entry that does not match.
 * With a runId the whole chain is still verified: a run's entries are interleaved with others', and
 * only the full chain proves none of them was removed or altered. The verdict then also counts the
 * run's entries (not_found when the run has none).
 */
/** Entries per sorted read while verifying (about 20 MB of rows in hand). */
export const VERIFY_WINDOW = 50_000;

export async function verifyJournal(conn: DuckDBConnection, opts: { runId?: string; window?: number } = {}): Promise<JournalVerdict> {
  const window = opts.window ?? VERIFY_WINDOW;
  let runEntries: number | undefined;
  if (opts.runId !== undefined) {
    runEntries = Number(await queryValue(conn, 'SELECT count(*)::DOUBLE FROM journal WHERE run_id = $1', [opts.runId]));
    if (runEntries === 0) throw new StoreError('not_found', `no journal entries for run ${opts.runId}`);
  }
  // One sorted query per window of sequence numbers rather than one ORDER BY over the whole table: DuckDB sorts a
  // whole-table ORDER BY in memory (2.66M entries took 2.9 GB), while a seq range is pruned by the row groups'
  // min/max (the journal is appended in seq order) and sorts at most `window` rows.
  // From the lowest stored seq, not 1: a row slipped in below the chain's start is reported, not skipped.
  const [span] = await queryRows(conn, 'SELECT coalesce(min(seq), 1)::DOUBLE AS first, coalesce(max(seq), 0)::DOUBLE AS last FROM journal');
  const last = span.last as number;
  let prev = GENESIS_HASH;
  let nextSeq = 1;
  let seen = 0;
  let verdict: ChainVerdict | undefined;
  for (let lo = Math.min(1, span.first as number); lo <= last && verdict === undefined; lo += window) {
    // Streamed a chunk at a time: a materialised window's memory is native and is freed only when the garbage
    // collector gets to it, which a light JS heap puts off while windows pile up.
    const result = await conn.stream(`SELECT ${ENTRY_COLUMNS} FROM journal WHERE seq >= ${lo} AND seq < ${lo + window} ORDER BY seq`);
    // A window with no entries is a gap: the next window's first entry reports the sequence number it expected.
    for await (const rows of result.yieldRowsJs()) {
      const part = verifyChain(rows.map(chainEntryFromRow), prev, nextSeq);
      if (!part.ok) {
        verdict = { ...part, entries: seen + part.entries };
        break;
      }
      seen += part.entries;
      prev = part.lastHash;
      nextSeq += part.entries;
    }
  }
  verdict ??= await checkHead(conn, seen, prev);
  return opts.runId === undefined ? verdict : { ...verdict, runId: opts.runId, runEntries };
}

/** A whole chain must end where the head (written with every append) says it does: catches a cut-off tail. */
async function checkHead(conn: DuckDBConnection, entries: number, lastHash: string): Promise<ChainVerdict> {
  const head = (await conn.runAndReadAll('SELECT seq::DOUBLE, hash FROM journal_head WHERE id = 1')).getRowsJS()[0] as [number, string] | undefined;
  if (head === undefined) return entries === 0 ? { ok: true, entries, lastHash } : { ok: false, entries, firstBadSeq: entries, reason: 'the journal head record is missing' };
  const [seq, hash] = head;
  if (seq > entries) return { ok: false, entries, firstBadSeq: entries + 1, reason: `the chain ends at entry ${entries} but its head records entry ${seq}: entries ${entries + 1}..${seq} were removed` };
  if (seq !== entries || hash !== lastHash) return { ok: false, entries, firstBadSeq: seq, reason: `the head records entry ${seq} with hash ${hash.slice(0, 12)}…, the chain ends at entry ${entries} with ${lastHash.slice(0, 12)}…` };
  return { ok: true, entries, lastHash };
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new StoreError('invalid', `journal filter ${name} must be a whole number ≥ 0, got ${value}`);
  return value;
}
