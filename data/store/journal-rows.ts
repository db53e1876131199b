import type { DuckDBConnection } from '@duckdb/node-api';
import type { JournalEntry, JournalKind } from '../../engine/index.ts';
import { appendEntryChunks } from './journal-chunks.ts';

/** A chained entry with the exact payload text stored in `journal.data`. */
export interface StoredEntry {
  readonly entry: JournalEntry;
  readonly dataText: string;
}

/** Column list that `entryFromRow` reads, BIGINTs as DOUBLE so no BigInt per row. */
export const ENTRY_COLUMNS = 'seq::DOUBLE, recorded_at::DOUBLE, run_id, kind, actor, ts::DOUBLE, symbol, order_id, data, prev_hash, hash';

/** Rebuilds an entry from a row of ENTRY_COLUMNS. A payload that is not JSON is kept as its text so verify can name it. */
export function entryFromRow(row: readonly unknown[]): JournalEntry {
  const dataText = row[8] as string;
  let data: unknown;
  try {
    data = JSON.parse(dataText);
  } catch {
    data = { unparseable: dataText };
  }
  return { ...envelopeFromRow(row), data };
}

/**
 * A row of ENTRY_COLUMNS as an entry to verify: the payload is kept as its stored text (dataJson), which is what
 * the hash covered, and is not parsed (data is null).
 */
export function chainEntryFromRow(row: readonly unknown[]): JournalEntry {
  return { ...envelopeFromRow(row), data: null, dataJson: row[8] as string };
}

function envelopeFromRow(row: readonly unknown[]): Omit<JournalEntry, 'data'> {
  return {
    seq: row[0] as number,
    recordedAt: row[1] as number,
    runId: row[2] as string | null,
    kind: row[3] as JournalKind,
    actor: row[4] as string,
    ts: row[5] as number | null,
    symbol: row[6] as string | null,
    orderId: row[7] as string | null,
    prevHash: row[9] as string,
    hash: row[10] as string,
  };
}

/** Appends entries to `journal` in the caller's transaction. */
export async function writeEntries(conn: DuckDBConnection, entries: readonly StoredEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const appender = await conn.createAppender('journal');
  try {
    appendEntryChunks(appender, entries);
    appender.flushSync();
  } finally {
    try {
      appender.closeSync();
    } catch {
      // The flush error is the one to report.
    }
  }
  const last = entries[entries.length - 1].entry;
  await conn.run('INSERT OR REPLACE INTO journal_head VALUES (1, $1, $2)', [last.seq, last.hash]);
}
