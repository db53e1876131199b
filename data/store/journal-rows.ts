import type { DuckDBConnection } from '@duckdb/node-api';
import type { JournalEntry, JournalKind } from '../../engine/index.ts';

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
  return {
    seq: row[0] as number,
    recordedAt: row[1] as number,
    runId: row[2] as string | null,
    kind: row[3] as JournalKind,
    actor: row[4] as string,
    ts: row[5] as number | null,
    symbol: row[6] as string | null,
    orderId: row[7] as string | null,
    data,
    prevHash: row[9] as string,
    hash: row[10] as string,
  };
}

// Field and null markers of the packed form (see writeEntries): canonical JSON and hex hashes never hold a raw
// control character, so only the short text fields need checking.
const FIELD = '\x1f';
const NULL = '\x1e';
const UNSAFE = /[\x1e\x1f\n]/;
/** Entries per INSERT statement of the packed form: bounds the text DuckDB splits at once. */
const PACKED_ROWS = 16_384;

// Splits the packed text back into rows and columns inside DuckDB: one bound parameter per statement instead
// of eleven appender calls per row, and the splitting runs on DuckDB's thread, not the JS one.
const PACKED_INSERT = `INSERT INTO journal SELECT f[1]::BIGINT, f[2]::BIGINT, nullif(f[3], chr(30)), f[4], f[5], nullif(f[6], chr(30))::BIGINT,
  nullif(f[7], chr(30)), nullif(f[8], chr(30)), f[9], f[10], f[11]
  FROM (SELECT string_split(line, chr(31)) AS f FROM (SELECT unnest(string_split($1::VARCHAR, chr(10))) AS line))`;

/**
 * Appends entries to `journal` in the caller's transaction. Each entry travels as one line of its fields joined
 * by U+001F (NULL as U+001E), many lines to one statement; a batch whose short text fields hold one of those
 * characters or a newline goes through the row appender instead. Both store exactly the same rows.
 */
export async function writeEntries(conn: DuckDBConnection, entries: readonly StoredEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (process.env.TB_PACK !== "0" && entries.every(packable)) {
    for (let from = 0; from < entries.length; from += PACKED_ROWS) await conn.run(PACKED_INSERT, [packLines(entries, from, Math.min(entries.length, from + PACKED_ROWS))]);
  } else {
    await appendRows(conn, entries);
  }
  const last = entries[entries.length - 1].entry;
  await conn.run('INSERT OR REPLACE INTO journal_head VALUES (1, $1, $2)', [last.seq, last.hash]);
}

function packable({ entry: e }: StoredEntry): boolean {
  return !(
    (e.runId !== null && UNSAFE.test(e.runId)) ||
    UNSAFE.test(e.kind) ||
    UNSAFE.test(e.actor) ||
    (e.symbol !== null && UNSAFE.test(e.symbol)) ||
    (e.orderId !== null && UNSAFE.test(e.orderId))
  );
}

function packLines(entries: readonly StoredEntry[], from: number, to: number): string {
  const lines: string[] = new Array(to - from);
  for (let i = from; i < to; i++) {
    const { entry: e, dataText } = entries[i];
    lines[i - from] =
      `${e.seq}${FIELD}${e.recordedAt}${FIELD}${e.runId ?? NULL}${FIELD}${e.kind}${FIELD}${e.actor}${FIELD}${e.ts ?? NULL}${FIELD}` +
      `${e.symbol ?? NULL}${FIELD}${e.orderId ?? NULL}${FIELD}${dataText}${FIELD}${e.prevHash}${FIELD}${e.hash}`;
  }
  return lines.join('\n');
}

async function appendRows(conn: DuckDBConnection, entries: readonly StoredEntry[]): Promise<void> {
  const appender = await conn.createAppender('journal');
  try {
    const text = (v: string | null) => (v === null ? appender.appendNull() : appender.appendVarchar(v));
    for (const { entry: e, dataText } of entries) {
      appender.appendBigInt(BigInt(e.seq));
      appender.appendBigInt(BigInt(e.recordedAt));
      text(e.runId);
      appender.appendVarchar(e.kind);
      appender.appendVarchar(e.actor);
      if (e.ts === null) appender.appendNull();
      else appender.appendBigInt(BigInt(e.ts));
      text(e.symbol);
      text(e.orderId);
      appender.appendVarchar(dataText);
      appender.appendVarchar(e.prevHash);
      appender.appendVarchar(e.hash);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    try {
      appender.closeSync();
    } catch {
      // The flush error is the one to report.
    }
  }
}
