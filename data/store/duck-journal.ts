import type { DuckDBConnection } from '@duckdb/node-api';
import { canonicalJson, chainDraft, GENESIS_HASH, type Clock, type Journal, type JournalDraft, type JournalEntry } from '../../engine/index.ts';
import { writeEntries, type StoredEntry } from './journal-rows.ts';
import { inTransaction, queryRows } from './sql.ts';
import { StoreError, toStoreError } from './store-error.ts';

/** The last entry of a chain: its sequence number and hash. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** Reads the head of the stored chain (seq 0 and the genesis hash when the journal is empty). */
export async function readChainHead(conn: DuckDBConnection): Promise<ChainHead> {
  const rows = await queryRows(conn, 'SELECT seq::DOUBLE AS seq, hash FROM journal ORDER BY seq DESC LIMIT 1');
  return rows.length === 0 ? { seq: 0, hash: GENESIS_HASH } : { seq: rows[0].seq as number, hash: rows[0].hash as string };
}

/**
 * The Journal port on DuckDB. `append` chains in memory at once; `flush` stores every buffered
 * entry in one transaction. A failed write stores nothing and keeps the entries buffered, so the
 * chain on disk is always a prefix of the chain in memory. One instance per store.
 */
export class DuckJournal implements Journal {
  #stored: ChainHead;
  #pending: StoredEntry[] = [];
  /** Set while another transaction is committing entries: appends wait here, their seq reserved. */
  #held: { draft: JournalDraft; recordedAt: number }[] | null = null;
  #lock: Promise<void> = Promise.resolve();

  constructor(
    private readonly connect: () => Promise<DuckDBConnection>,
    private readonly clock: Clock,
    head: ChainHead,
    private readonly readOnly = false,
  ) {
    this.#stored = head;
  }

  /** Entries appended but not yet stored. */
  get pendingCount(): number {
    return this.#pending.length + (this.#held?.length ?? 0);
  }

  /** Chains the draft after the last entry (stored or buffered) and returns its sequence number. */
  append(draft: JournalDraft): number {
    if (this.readOnly) throw new StoreError('invalid', 'the journal of a read-only store cannot be appended to');
    checkDraft(draft);
    const recordedAt = this.#now();
    if (this.#held !== null) {
      if (draft.dataJson === undefined) canonicalJson(draft.data); // refuse now what chaining would refuse later
      this.#held.push({ draft, recordedAt });
      return this.#tail().seq + this.#held.length;
    }
    return this.#chain(draft, recordedAt).seq;
  }

  /** Stores every buffered entry in one transaction; on failure nothing is stored and the entries stay buffered. */
  flush(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#pending.length === 0) return;
      const batch = this.#pending.slice();
      const conn = await this.connect();
      try {
        await inTransaction(conn, () => writeEntries(conn, batch));
      } catch (err) {
        throw toStoreError(err, `journal flush failed, ${batch.length} entries stay buffered (seq ${batch[0].entry.seq}..${batch[batch.length - 1].entry.seq})`);
      } finally {
        conn.closeSync();
      }
      this.#pending.splice(0, batch.length);
      this.#stored = batch[batch.length - 1].entry;
    });
  }

  /**
   * Ends the transaction open on `conn` (the store's own writes, e.g. an import): stores the buffered
   * entries plus `drafts` chained after them, then COMMIT. If that fails it rolls back, chains
   * `failed(draft)` in each draft's place instead (so reserved sequence numbers still hold), and rethrows.
   * Appends made meanwhile are held and chained after, in order.
   */
  commitWith(conn: DuckDBConnection, drafts: readonly JournalDraft[], failed: (draft: JournalDraft, err: unknown) => JournalDraft): Promise<JournalEntry[]> {
    return this.#exclusive(async () => {
      const before = this.#pending.length;
      this.#held = [];
      try {
        const chained = drafts.map((d) => this.#chain(d, this.#now()));
        await writeEntries(conn, this.#pending);
        await conn.run('COMMIT');
        this.#stored = this.#tail();
        this.#pending = [];
        return chained;
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        this.#pending.splice(before);
        for (const d of drafts) this.#chain(failed(d, err), this.#now());
        throw err;
      } finally {
        const held = this.#held;
        this.#held = null;
        for (const h of held) this.#chain(h.draft, h.recordedAt);
      }
    });
  }

  // Whole milliseconds: the stored BIGINT must equal the value the hash covered.
  #now(): number {
    return Math.trunc(this.clock.now());
  }

  #tail(): ChainHead {
    return this.#pending.length > 0 ? this.#pending[this.#pending.length - 1].entry : this.#stored;
  }

  #chain(draft: JournalDraft, recordedAt: number): JournalEntry {
    const prev = this.#tail();
    const { entry, dataJson } = chainDraft(draft, prev.seq + 1, prev.hash, recordedAt);
    // The buffer keeps the stored text, not the payload object: a busy run holds thousands of entries until a flush,
    // and each payload object kept there outlived the young generation, growing the old one (a 10M-bar replay: ~40 MB).
    this.#pending.push({ entry: { ...entry, data: null }, dataText: dataJson });
    return entry;
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(work);
    this.#lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

function checkDraft(d: JournalDraft): void {
  const bad = (field: string, want: string) => new StoreError('invalid', `journal draft ${field} must be ${want}, got ${JSON.stringify((d as unknown as Record<string, unknown>)[field])}`);
  if (d.runId !== null && typeof d.runId !== 'string') throw bad('runId', 'a string or null');
  if (typeof d.kind !== 'string' || (d.kind as string) === '') throw bad('kind', 'a non-empty string');
  if (typeof d.actor !== 'string') throw bad('actor', 'a string');
  if (d.ts !== null && !Number.isSafeInteger(d.ts)) throw bad('ts', 'whole epoch milliseconds or null');
  if (d.symbol !== null && typeof d.symbol !== 'string') throw bad('symbol', 'a string or null');
  if (d.orderId !== null && typeof d.orderId !== 'string') throw bad('orderId', 'a string or null');
}
