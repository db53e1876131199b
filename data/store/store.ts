import { mkdir, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Clock, JournalEntry } from '../../engine/index.ts';
import type { ParsedBars } from '../import/index.ts';
import { importBars } from './bar-import.ts';
import { DuckJournal, readChainHead } from './duck-journal.ts';
import type { FeedQuery } from './feed-query.ts';
import type { ImportBarsOptions, ImportReport } from './import-report.ts';
import { queryJournal, verifyJournal, type JournalFilter, type JournalVerdict } from './journal-query.ts';
import { migrate } from './migrations.ts';
import type { EquitySeries, RunFilter, RunRecord, RunSummary, StoredRun } from './run-record.ts';
import { getEquity, getRun, listRuns, saveRun } from './run-store.ts';
import { beginRunWriter, type RunWriter } from './run-writer.ts';
import { readBars, type BarColumns, type BarsQuery } from './bar-query.ts';
import { searchJournal, type JournalPage, type JournalSearch } from './journal-search.ts';
import { searchRuns, type RunPage, type RunSearch } from './run-query.ts';
import { queryValue } from './sql.ts';
import { listSeries, type SeriesSummary } from './series.ts';
import { openStoreError, StoreError, toStoreError } from './store-error.ts';
import { checkStorePath } from './store-path.ts';
import { openStoreFeed, type StoreFeed } from './store-feed.ts';

/** Options of openStore. */
export interface StoreOptions {
  /** Wall clock for journal and migration stamps (default Date.now). */
  readonly clock?: Clock;
  /** Open without writing: no migrations (the schema must be current), every write fails. */
  readonly readOnly?: boolean;
  /**
   * DuckDB memory_limit, e.g. '512MB', fixed for the store's life (default: DuckDB's, 80 % of RAM).
   * Changing it while the store is open was tried and left temp-table writes stuck at the lower limit.
   */
  readonly memoryLimit?: string;
  /** DuckDB worker threads (default DuckDB's: one per core). */
  readonly threads?: number;
}

/** The embedded market-data and operational store: bars, feeds, the audit journal and runs. */
export interface Store {
  /** The database file. */
  readonly path: string;
  /** Imports files of bars in one transaction, all or nothing, journalling one data.import entry per file. */
  importBars(files: readonly ParsedBars[], opts?: ImportBarsOptions): Promise<ImportReport>;
  /** Every stored series, by symbol then timeframe. */
  listSeries(): Promise<SeriesSummary[]>;
  /** A feed replaying stored bars; not_found names symbols with no bars of the timeframe. */
  openFeed(query: FeedQuery): Promise<StoreFeed>;
  /** The store's journal (one instance per store): append buffers, flush stores. */
  journal(): DuckJournal;
  /** Stored journal entries matching a filter. */
  queryJournal(filter?: JournalFilter): Promise<JournalEntry[]>;
  /** Recomputes the stored hash chain and names the first broken entry. */
  verifyJournal(opts?: { runId?: string }): Promise<JournalVerdict>;
  /** Stores a run (replacing one with the same id) and its equity curve, in one transaction. */
  saveRun(record: RunRecord): Promise<void>;
  /**
   * Starts storing a run while it runs: its equity curve streams in, then commit stores the run, all or nothing.
   * Closing the store aborts a writer that was neither committed nor aborted.
   */
  beginRun(runId: string): Promise<RunWriter>;
  listRuns(filter?: RunFilter): Promise<RunSummary[]>;
  /** One run without its equity curve; not_found names the id. */
  getRun(runId: string): Promise<StoredRun>;
  /** A run's equity curve; not_found names the id. */
  getEquity(runId: string): Promise<EquitySeries>;
  /** One page of journal entries matching a search (cursor by sequence number). */
  searchJournal(search: JournalSearch): Promise<JournalPage>;
  /** One page of stored runs matching a search, newest first. */
  searchRuns(search: RunSearch): Promise<RunPage>;
  /** One series' bars as columns. */
  readBars(query: BarsQuery): Promise<BarColumns>;
  /** Schema versions this open applied to bring an older database up to date, in order (empty when it was current). */
  readonly migrated: readonly number[];
  /** The schema version recorded in the database (a query that proves DuckDB answers). */
  schemaVersion(): Promise<number>;
  /** Flushes the journal, closes open feeds and the database. Idempotent. */
  close(): Promise<void>;
}

// Access for other modules of data/ (the notebook store, the SQL sandbox) to a store opened by openStore,
// without widening the Store port: a DuckStore registers itself here. Not exported from data/index.ts.
const internals = new WeakMap<Store, DuckStore>();

/** Runs `work` on a fresh connection of `store`, as the store's own methods do (tracked by close, errors as StoreError). */
export async function runOnStore<T>(store: Store, work: (conn: DuckDBConnection) => Promise<T>, context: string, writes = false): Promise<T> {
  return duckStore(store).runOn(work, context, writes);
}

/**
 * A long-lived connection on the store's DuckDB instance for the SQL sandbox (data/sandbox); the store
 * interrupts and closes it on close(). `release` closes it earlier. Nothing but the sandbox may use it.
 */
export async function leaseConnection(store: Store): Promise<LeasedConnection> {
  return duckStore(store).lease();
}

/** A connection lent by leaseConnection. `closed()` turns true once released or once the store closed it. */
export interface LeasedConnection {
  readonly connection: DuckDBConnection;
  readonly release: () => void;
  readonly closed: () => boolean;
}

function duckStore(store: Store): DuckStore {
  const found = internals.get(store);
  if (found === undefined) throw new StoreError('invalid', 'not a store opened by openStore');
  return found;
}

/**
 * Opens (creating it and its folder if needed) the DuckDB file at `path` and brings its schema up to date. Read-only:
 * a missing file is not_found, an old schema is invalid (never migrated), a file another process holds is locked.
 */
export async function openStore(path: string, options: StoreOptions = {}): Promise<Store> {
  const clock = options.clock ?? { now: () => Date.now() };
  const readOnly = options.readOnly ?? false;
  const config: Record<string, string> = {};
  if (readOnly) config.access_mode = 'READ_ONLY';
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  if (options.threads !== undefined) config.threads = String(options.threads);
  // Journal flushes commit small transactions that go through the WAL. At DuckDB's default threshold (16 MB) an
  // automatic checkpoint fires every few flushes of a busy backtest and recompresses the journal's growing last
  // row group each time (186k entries in 17 flushes, close included: about 4.0 s of CPU at 16 MB, 3.0 s at
  // 256 MB). DuckDB still checkpoints on close.
  config.checkpoint_threshold = '256MB';
  await checkStorePath(path);
  const found = path === ':memory:' ? null : await stat(path).catch(() => null);
  // Read-only never creates: a missing file is named, not made. An empty file (touch, mktemp) holds no database
  // either: named the same way read-only, and written into as a new one (DuckDB itself refuses an empty file).
  if (readOnly && path !== ':memory:' && (found === null || found.size === 0)) throw new StoreError('not_found', `no database at ${path}${found === null ? '' : ' (the file is empty)'}`);
  if (!readOnly && found !== null && found.isFile() && found.size === 0) await unlink(path);
  let instance: DuckDBInstance;
  try {
    if (!readOnly) await mkdir(dirname(path), { recursive: true });
    instance = await DuckDBInstance.create(path, config);
  } catch (err) {
    throw openStoreError(err, path);
  }
  try {
    const conn = await instance.connect();
    try {
      const migrated = await migrate(conn, { readOnly, now: () => clock.now() });
      return new DuckStore(path, instance, clock, await readChainHead(conn), readOnly, migrated);
    } finally {
      conn.closeSync();
    }
  } catch (err) {
    instance.closeSync();
    // The migrations' own errors (an old schema opened read-only, a newer one) are named with the file too.
    if (err instanceof StoreError) throw new StoreError(err.code, `cannot open the store at ${path}: ${err.message}`, { cause: err });
    throw toStoreError(err, `cannot open the store at ${path}`);
  }
}

class DuckStore implements Store {
  readonly #instance: DuckDBInstance;
  readonly #journal: DuckJournal;
  // Closers of what holds a connection past one call: open feeds and run writers.
  readonly #feeds = new Set<() => Promise<void>>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #leased = new Set<DuckDBConnection>();
  #closed = false;

  constructor(
    readonly path: string,
    instance: DuckDBInstance,
    clock: Clock,
    head: { seq: number; hash: string },
    private readonly readOnly: boolean,
    readonly migrated: readonly number[],
  ) {
    this.#instance = instance;
    this.#journal = new DuckJournal(() => this.#connect(), clock, head, readOnly);
    internals.set(this, this);
  }

  importBars(files: readonly ParsedBars[], opts?: ImportBarsOptions): Promise<ImportReport> {
    return this.#with((c) => importBars(c, this.#journal, files, opts), 'import failed', true);
  }

  listSeries(): Promise<SeriesSummary[]> {
    return this.#with(listSeries, 'cannot list series');
  }

  openFeed(query: FeedQuery): Promise<StoreFeed> {
    return this.#track(this.#openFeed(query));
  }

  async #openFeed(query: FeedQuery): Promise<StoreFeed> {
    const conn = await this.#connect();
    let feed: StoreFeed | undefined;
    const close = () => feed?.close() ?? Promise.resolve();
    this.#feeds.add(close);
    feed = await openStoreFeed(conn, query, () => {
      this.#feeds.delete(close);
    });
    return feed;
  }

  journal(): DuckJournal {
    return this.#journal;
  }

  queryJournal(filter?: JournalFilter): Promise<JournalEntry[]> {
    return this.#with((c) => queryJournal(c, filter), 'cannot read the journal');
  }

  verifyJournal(opts?: { runId?: string }): Promise<JournalVerdict> {
    return this.#with((c) => verifyJournal(c, opts), 'cannot verify the journal');
  }

  saveRun(record: RunRecord): Promise<void> {
    return this.#with((c) => saveRun(c, record), `cannot save run ${record?.runId}`, true);
  }

  beginRun(runId: string): Promise<RunWriter> {
    return this.#track(this.#beginRun(runId));
  }

  async #beginRun(runId: string): Promise<RunWriter> {
    if (this.readOnly) throw new StoreError('invalid', `cannot save run ${runId}: the store at ${this.path} is open read-only`);
    const conn = await this.#connect();
    let writer: RunWriter | undefined;
    const abort = () => writer?.abort() ?? Promise.resolve();
    this.#feeds.add(abort);
    writer = await beginRunWriter(conn, runId, () => {
      this.#feeds.delete(abort);
      conn.closeSync();
    });
    return writer;
  }

  listRuns(filter?: RunFilter): Promise<RunSummary[]> {
    return this.#with((c) => listRuns(c, filter), 'cannot list runs');
  }

  getRun(runId: string): Promise<StoredRun> {
    return this.#with((c) => getRun(c, runId), `cannot read run ${runId}`);
  }

  getEquity(runId: string): Promise<EquitySeries> {
    return this.#with((c) => getEquity(c, runId), `cannot read the equity of run ${runId}`);
  }

  searchJournal(search: JournalSearch): Promise<JournalPage> {
    return this.#with((c) => searchJournal(c, search), 'cannot search the journal');
  }

  searchRuns(search: RunSearch): Promise<RunPage> {
    return this.#with((c) => searchRuns(c, search), 'cannot search runs');
  }

  readBars(query: BarsQuery): Promise<BarColumns> {
    return this.#with((c) => readBars(c, query), `cannot read ${query?.symbol} ${query?.timeframe} bars`);
  }

  schemaVersion(): Promise<number> {
    return this.#with(async (c) => Number(await queryValue(c, 'SELECT coalesce(max(version), 0)::INTEGER FROM schema_migrations')), 'cannot read the schema version');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await Promise.allSettled([...this.#inFlight]);
      if (this.#journal.pendingCount > 0) await this.#journal.flush();
    } finally {
      this.#closed = true;
      for (const close of [...this.#feeds]) await close().catch(() => undefined);
      for (const conn of this.#leased) {
        conn.interrupt();
        conn.closeSync();
      }
      this.#leased.clear();
      this.#instance.closeSync();
    }
  }

  runOn<T>(work: (conn: DuckDBConnection) => Promise<T>, context: string, writes: boolean): Promise<T> {
    return this.#with(work, context, writes);
  }

  async lease(): Promise<LeasedConnection> {
    const connection = await this.#connect();
    this.#leased.add(connection);
    const release = () => {
      if (this.#leased.delete(connection)) connection.closeSync();
    };
    return { connection, release, closed: () => !this.#leased.has(connection) };
  }

  async #connect(): Promise<DuckDBConnection> {
    if (this.#closed) throw new StoreError('invalid', `the store at ${this.path} is closed`);
    return this.#instance.connect();
  }

  // Each operation gets its own connection: DuckDB transactions are per connection, so concurrent
  // calls (an import while a backtest flushes its journal) never share one. close() waits for them.
  #with<T>(work: (conn: DuckDBConnection) => Promise<T>, context: string, writes = false): Promise<T> {
    return this.#track(this.#run(work, context, writes));
  }

  #track<T>(run: Promise<T>): Promise<T> {
    this.#inFlight.add(run);
    const forget = () => this.#inFlight.delete(run);
    run.then(forget, forget);
    return run;
  }

  async #run<T>(work: (conn: DuckDBConnection) => Promise<T>, context: string, writes: boolean): Promise<T> {
    if (writes && this.readOnly) throw new StoreError('invalid', `${context}: the store at ${this.path} is open read-only`);
    const conn = await this.#connect();
    try {
      return await work(conn);
    } catch (err) {
      throw toStoreError(err, context);
    } finally {
      conn.closeSync();
    }
  }
}
