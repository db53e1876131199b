import { LIST, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { appendColumns } from './columnar-append.ts';
import { checkEquitySlab, checkRunFields, jsonText } from './run-checks.ts';
import type { RunRecord } from './run-record.ts';
import { queryRows } from './sql.ts';
import { StoreError, toStoreError } from './store-error.ts';
import { chunkRead } from './chunk-memory.ts';
import { doubleItems } from './vector-items.ts';

/**
 * One run being stored while it runs: its equity curve is appended a slab at a time inside one transaction,
 * and `commit` adds the run row and commits. Until then nothing of the run is visible to others, and `abort`
 * (or a failure, or closing the store) leaves no trace of it: saves are all or nothing.
 */
export interface RunWriter {
  readonly runId: string;
  /** Points appended so far. */
  readonly points: number;
  /**
   * Appends points [0, length) of a slab (each equity finite, each ts whole ms after the previous point's);
   * the arrays may be reused once the promise settles.
   */
  appendEquity(ts: Float64Array, equity: Float64Array, length: number): Promise<void>;
  /** Every appended equity value again, in order, a chunk at a time (a view: copy what you keep). */
  readEquity(visit: (equity: Float64Array, length: number) => void): Promise<void>;
  /** Stores the run row (equity_points = the points appended) and commits; on failure nothing is stored. */
  commit(record: Omit<RunRecord, 'equity'>): Promise<void>;
  /** Discards everything appended; idempotent, and a no-op after commit. */
  abort(): Promise<void>;
}

/**
 * Starts a run writer on `conn`, which it owns from now on: `release` is called once the transaction has ended
 * (committed, rolled back or failed to start).
 */
export async function beginRunWriter(conn: DuckDBConnection, runId: string, release: () => void): Promise<RunWriter> {
  if (typeof runId !== 'string' || runId.trim() === '') {
    release();
    throw new StoreError('invalid', `run ${JSON.stringify(runId)}: runId must be a non-empty string`);
  }
  let runNo: number;
  try {
    await conn.run('BEGIN TRANSACTION');
    // Replacing a run: its old points go first, so what this transaction appends is all the run has. The new
    // points go under a fresh number; a failed or aborted save leaves a gap in the numbers, nothing else.
    await conn.run('DELETE FROM run_points WHERE run_no = (SELECT run_no FROM runs WHERE run_id = $1)', [runId]);
    runNo = (await queryRows(conn, "SELECT nextval('run_no_seq')::INTEGER AS no"))[0].no as number;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    release();
    throw toStoreError(err, `cannot store run ${runId}`);
  }
  return new DuckRunWriter(conn, runId, runNo, release);
}

class DuckRunWriter implements RunWriter {
  points = 0;
  #lastTs = Number.NaN;
  #state: 'open' | 'committed' | 'aborted' = 'open';
  // Calls run one at a time on the one connection.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly conn: DuckDBConnection,
    readonly runId: string,
    private readonly runNo: number,
    private readonly release: () => void,
  ) {}

  appendEquity(ts: Float64Array, equity: Float64Array, length: number): Promise<void> {
    return this.#serial(async () => {
      this.#open();
      const bad = (what: string) => new StoreError('invalid', `run ${JSON.stringify(this.runId)}: ${what}`);
      try {
        checkEquitySlab(ts, equity, length, this.points, this.#lastTs, bad);
      } catch (err) {
        await this.#end('ROLLBACK');
        throw err;
      }
      if (length === 0) return;
      await this.#guard(async () => {
        await appendColumns(this.conn, { table: 'run_points' }, [{ columns: [{ repeat: this.runNo }, ts.subarray(0, length), equity.subarray(0, length)], length }]);
      }, 'cannot append equity');
      this.points += length;
      this.#lastTs = ts[length - 1];
    });
  }

  readEquity(visit: (equity: Float64Array, length: number) => void): Promise<void> {
    return this.#serial(async () => {
      this.#open();
      await this.#guard(async () => {
        // No ORDER BY: DuckDB keeps insertion order (preserve_insertion_order), and sorting 10M points would cost
        // memory. The ts column proves the order held.
        const result = await this.conn.stream('SELECT ts, equity FROM run_points WHERE run_no = $1', [this.runNo]);
        let read = 0;
        let prev = Number.NaN;
        for (;;) {
          const chunk = await result.fetchChunk();
          if (chunk === null || chunk.rowCount === 0) break;
          chunkRead();
          const n = chunk.rowCount;
          const ts = doubleItems(chunk.getColumnVector(0));
          for (let i = 0; i < n; i++) {
            if (ts[i] <= prev) throw new StoreError('io', `run ${this.runId}: equity read back out of order at point ${read + i}`);
            prev = ts[i];
          }
          visit(doubleItems(chunk.getColumnVector(1)), n);
          read += n;
        }
        if (read !== this.points) throw new StoreError('io', `run ${this.runId}: read back ${read} equity points of ${this.points}`);
      }, 'cannot read back equity');
    });
  }

  commit(record: Omit<RunRecord, 'equity'>): Promise<void> {
    return this.#serial(async () => {
      this.#open();
      if (record.runId !== this.runId) throw new StoreError('invalid', `run writer for ${this.runId} got a record for ${record.runId}`);
      const json = (value: unknown, field: string) => jsonText(value, field, this.runId);
      let texts: string[];
      try {
        checkRunFields(record);
        texts = [json(record.config, 'config'), json(record.metrics, 'metrics'), json(record.summary ?? null, 'summary'), json(record.result, 'result')];
      } catch (err) {
        await this.#end('ROLLBACK');
        throw err;
      }
      await this.#guard(async () => {
        // Delete then append rather than INSERT OR REPLACE with parameters: a long run's result is megabytes of
        // JSON, and a bound parameter cast to JSON held about fourteen times its size (10 MB: +130 MB) at once.
        await this.conn.run('DELETE FROM runs WHERE run_id = $1', [this.runId]);
        const appender = await this.conn.createAppender('runs');
        try {
          appender.appendVarchar(this.runId);
          appender.appendBigInt(BigInt(record.createdAt));
          appender.appendVarchar(record.status);
          appender.appendVarchar(record.strategy);
          appender.appendList([...record.symbols], LIST(VARCHAR));
          appender.appendVarchar(record.timeframe);
          appender.appendBigInt(BigInt(record.fromTs));
          appender.appendBigInt(BigInt(record.toTs));
          for (const text of texts) appender.appendVarchar(text);
          appender.appendBigInt(BigInt(this.points));
          appender.appendInteger(this.runNo);
          appender.endRow();
          appender.flushSync();
        } finally {
          try {
            appender.closeSync();
          } catch {
            // A failed flush already threw; closing an appender whose transaction aborted throws again.
          }
        }
        await this.conn.run('COMMIT');
      }, `cannot save run ${this.runId}`);
      this.#state = 'committed';
      this.release();
    });
  }

  abort(): Promise<void> {
    return this.#serial(async () => {
      if (this.#state === 'open') await this.#end('ROLLBACK');
    });
  }

  #open(): void {
    if (this.#state !== 'open') throw new StoreError('invalid', `run writer for ${this.runId} is already ${this.#state}`);
  }

  // Any failure ends the transaction: DuckDB has aborted it already, and a half-written run must not linger.
  async #guard(work: () => Promise<void>, context: string): Promise<void> {
    try {
      await work();
    } catch (err) {
      await this.#end('ROLLBACK');
      throw toStoreError(err, `${context} (run ${this.runId})`);
    }
  }

  async #end(how: 'ROLLBACK'): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = 'aborted';
    try {
      await this.conn.run(how).catch(() => undefined);
    } finally {
      this.release();
    }
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
