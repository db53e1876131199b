// The SQL sandbox for notebook cells and POST /api/sql. How it is made safe, layer by layer:
//
// - Where it runs. On connections of the store's own DuckDB instance. A second instance on the same
//   file (even an in-memory one ATTACHing it READ_ONLY) is not safe in one process: DuckDB's file lock
//   does not stop it, and it would read blocks the writer may checkpoint away under it.
// - What it sees. Each sandbox connection creates TEMP views (bars, series, symbols, runs, run_equity,
//   journal, llm_decisions, llm_prompts) that select from the store's tables. Temp objects live only in
//   that connection; user SQL may name only those views (unqualified) and its own CTEs.
// - What it may run. sql-guard.ts: DuckDB's parser counts statements (exactly one), json_serialize_sql
//   accepts only SELECTs (plus EXPLAIN over a checked SELECT), and the syntax tree is walked for table
//   names, table functions (allow-list: range, generate_series, unnest) and functions (deny-list).
//   The prepared statement's type is checked once more (SELECT or EXPLAIN) before it runs.
// - The instance itself. Opening a sandbox sets, for the store's whole DuckDB instance and for the rest
//   of its life, enable_external_access=false (no file, network, ATTACH or extension access: DuckDB
//   refuses to turn it back on while running) and lock_configuration=true (no SET of any option). Nothing
//   in data/store needs either: imports parse files in JS, the database and its temp spill files stay
//   reachable. So even a query that slipped past the guard could not read /etc/passwd or change config.
// - Limits. A time limit interrupts the query (connection.interrupt()) and answers `timeout`; rows are
//   streamed and cut at the row limit (`truncated`). A few connections run queries at once; more wait.
import { JSDuckDBValueConverter, StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { leaseConnection, type LeasedConnection, type Store } from '../store/store.ts';
import { queryRows } from '../store/sql.ts';
import { quoteIdent, SANDBOX_VIEWS, type SandboxView } from './sandbox-views.ts';
import { checkSql, cleanMessage, type CheckedSql } from './sql-guard.ts';
import { SqlRefused } from './sql-refused.ts';
import { jsonConverter, typeName, type SqlColumn, type SqlResult } from './sql-result.ts';

/** Options of openSqlSandbox: defaults for every query, and the bounds a query's own options are clamped to. */
export interface SqlSandboxOptions {
  /** Rows returned when a query does not say (default 10,000). */
  readonly maxRows?: number;
  /** Time limit when a query does not say, in milliseconds (default 10,000). */
  readonly timeoutMs?: number;
  /** Most rows any query may ask for (default 1,000,000). */
  readonly maxRowsCap?: number;
  /** Longest time limit any query may ask for, in milliseconds (default 60,000). */
  readonly timeoutCapMs?: number;
  /** Queries that run at once, each on its own connection (default 2); the rest wait in line. */
  readonly connections?: number;
  /** Longest SQL text accepted, in characters (default 100,000). */
  readonly maxSqlLength?: number;
}

/** Options of one query. */
export interface SqlQueryOptions {
  /** Rows to return at most (clamped to the sandbox's maxRowsCap). */
  readonly maxRows?: number;
  /** Time limit in milliseconds, from prepare to the last row (clamped to timeoutCapMs). */
  readonly timeoutMs?: number;
  /** What to do with more rows than maxRows: cut them and set `truncated` (default), or refuse with too_many_rows. */
  readonly overflow?: 'truncate' | 'refuse';
}

/** Runs read-only SQL over the store's views. Every refusal is a SqlRefused. */
export interface SqlSandbox {
  /** The views a query may name, with their columns. */
  readonly views: readonly SandboxView[];
  query(sql: string, options?: SqlQueryOptions): Promise<SqlResult>;
  /** Interrupts running queries and closes the sandbox's connections (not the store). Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens a sandbox on `store` (a store from openStore). This locks the store's DuckDB instance for good:
 * external access off, configuration locked (see the top of this file).
 */
export async function openSqlSandbox(store: Store, options: SqlSandboxOptions = {}): Promise<SqlSandbox> {
  const settings = {
    maxRows: positive(options.maxRows, 10_000, 'maxRows'),
    timeoutMs: positive(options.timeoutMs, 10_000, 'timeoutMs'),
    maxRowsCap: positive(options.maxRowsCap, 1_000_000, 'maxRowsCap'),
    timeoutCapMs: positive(options.timeoutCapMs, 60_000, 'timeoutCapMs'),
    connections: positive(options.connections, 2, 'connections'),
    maxSqlLength: positive(options.maxSqlLength, 100_000, 'maxSqlLength'),
  };
  const first = await openConnection(store, true);
  return new DuckSandbox(store, settings, first);
}

type Settings = { [K in keyof SqlSandboxOptions]-?: number };

interface SandboxConnection extends LeasedConnection {
  /** Lower-case names of every table and view outside the sandbox (no CTE may take one). */
  readonly shadowed: ReadonlySet<string>;
}

class DuckSandbox implements SqlSandbox {
  readonly views = SANDBOX_VIEWS;
  readonly #all = new Set<SandboxConnection>();
  readonly #idle: SandboxConnection[] = [];
  readonly #busy = new Set<SandboxConnection>();
  readonly #waiting: { resolve: (c: SandboxConnection) => void; reject: (e: unknown) => void }[] = [];
  #opening = 0;
  #closed = false;

  constructor(
    private readonly store: Store,
    private readonly settings: Settings,
    first: SandboxConnection,
  ) {
    this.#all.add(first);
    this.#idle.push(first);
  }

  async query(sql: string, options: SqlQueryOptions = {}): Promise<SqlResult> {
    if (typeof sql !== 'string') throw new SqlRefused('empty', 'the query must be a string');
    const maxRows = Math.min(positive(options.maxRows, this.settings.maxRows, 'maxRows'), this.settings.maxRowsCap);
    const timeoutMs = Math.min(positive(options.timeoutMs, this.settings.timeoutMs, 'timeoutMs'), this.settings.timeoutCapMs);
    const lease = await this.#acquire();
    const closed = () => this.#closed || lease.closed();
    try {
      if (closed()) throw new SqlRefused('closed', 'the store behind the SQL sandbox is closed');
      const checked = await checkSql(lease.connection, sql, lease.shadowed, this.settings.maxSqlLength);
      return await runChecked(lease.connection, checked, { maxRows, timeoutMs, overflow: options.overflow ?? 'truncate' }, closed);
    } catch (err) {
      if (closed() && !(err instanceof SqlRefused && err.code === 'closed')) throw new SqlRefused('closed', 'the SQL sandbox or its store closed', { cause: err });
      throw err;
    } finally {
      this.#giveBack(lease);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) w.reject(new SqlRefused('closed', 'the SQL sandbox is closed'));
    for (const c of this.#busy) c.connection.interrupt();
    for (const c of this.#idle.splice(0)) this.#drop(c);
  }

  async #acquire(): Promise<SandboxConnection> {
    if (this.#closed) throw new SqlRefused('closed', 'the SQL sandbox is closed');
    const idle = this.#idle.pop();
    if (idle !== undefined) return this.#take(idle);
    if (this.#all.size + this.#opening < this.settings.connections) {
      this.#opening++;
      try {
        const fresh = await openConnection(this.store, false);
        this.#all.add(fresh);
        if (this.#closed) {
          this.#drop(fresh);
          throw new SqlRefused('closed', 'the SQL sandbox is closed');
        }
        return this.#take(fresh);
      } finally {
        this.#opening--;
      }
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject })).then((c) => this.#take(c as SandboxConnection));
  }

  #take(c: SandboxConnection): SandboxConnection {
    this.#busy.add(c);
    return c;
  }

  #giveBack(c: SandboxConnection): void {
    this.#busy.delete(c);
    if (this.#closed) return this.#drop(c);
    const next = this.#waiting.shift();
    if (next !== undefined) next.resolve(c);
    else this.#idle.push(c);
  }

  #drop(c: SandboxConnection): void {
    this.#all.delete(c);
    c.release();
  }
}

/** Leases a connection, hardens the instance (first connection only), creates the views. */
async function openConnection(store: Store, first: boolean): Promise<SandboxConnection> {
  let lease: LeasedConnection;
  try {
    lease = await leaseConnection(store);
  } catch (err) {
    throw new SqlRefused('closed', `the SQL sandbox cannot open: ${cleanMessage(err)}`, { cause: err });
  }
  try {
    const conn = lease.connection;
    if (first) await hardenInstance(conn);
    const db = quoteIdent(String((await queryRows(conn, 'SELECT current_database() AS db'))[0].db));
    for (const view of SANDBOX_VIEWS) await conn.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(view.name)} AS ${view.select(db)}`);
    const names = await queryRows(
      conn,
      `SELECT lower(table_name) AS name FROM duckdb_tables() UNION SELECT lower(view_name) FROM duckdb_views() WHERE NOT temporary`,
    );
    return { ...lease, shadowed: new Set(names.map((r) => String(r.name))) };
  } catch (err) {
    lease.release();
    throw err;
  }
}

/** enable_external_access=false and lock_configuration=true on the whole instance; verified, not assumed. */
async function hardenInstance(conn: DuckDBConnection): Promise<void> {
  const read = async () =>
    Object.fromEntries(
      (await queryRows(conn, `SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration')`)).map((r) => [r.name, r.value]),
    );
  const before = await read();
  if (before.enable_external_access !== 'false') await conn.run('SET GLOBAL enable_external_access = false');
  if (before.lock_configuration !== 'true') await conn.run('SET GLOBAL lock_configuration = true');
  const after = await read();
  if (after.enable_external_access !== 'false' || after.lock_configuration !== 'true') {
    throw new Error(`the store's DuckDB instance could not be locked down: ${JSON.stringify(after)}`);
  }
}

interface RunLimits {
  readonly maxRows: number;
  readonly timeoutMs: number;
  readonly overflow: 'truncate' | 'refuse';
}

async function runChecked(conn: DuckDBConnection, checked: CheckedSql, limits: RunLimits, closed: () => boolean): Promise<SqlResult> {
  const started = performance.now();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    conn.interrupt();
  }, limits.timeoutMs);
  let prepared: DuckDBPreparedStatement | undefined;
  try {
    prepared = await conn.prepare(checked.sql);
    const type = prepared.statementType;
    if (type !== StatementType.SELECT && type !== StatementType.EXPLAIN) {
      throw new SqlRefused('not_read_only', `only SELECT, WITH, DESCRIBE, SUMMARIZE and EXPLAIN run in the sandbox (got statement type ${StatementType[type] ?? type})`);
    }
    const result = await prepared.stream();
    const types = result.columnTypes();
    const columns: SqlColumn[] = result.columnNames().map((name, i) => ({ name, type: typeName(types[i]) }));
    const convert = types.map(jsonConverter);
    const rows: unknown[][] = [];
    let truncated = false;
    fetching: for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      for (const row of chunk.convertRows(JSDuckDBValueConverter)) {
        if (rows.length === limits.maxRows) {
          truncated = true;
          break fetching;
        }
        rows.push(row.map((v, i) => convert[i](v)));
      }
    }
    if (truncated && limits.overflow === 'refuse') {
      throw new SqlRefused('too_many_rows', `the query returns more than ${limits.maxRows} rows: add a LIMIT or aggregate`);
    }
    return { columns, rows, rowCount: rows.length, truncated, elapsedMs: performance.now() - started };
  } catch (err) {
    if (err instanceof SqlRefused) throw err;
    if (closed()) throw new SqlRefused('closed', 'the SQL sandbox closed while the query ran', { cause: err });
    if (timedOut) throw new SqlRefused('timeout', `the query ran longer than ${limits.timeoutMs} ms and was stopped`, { cause: err });
    throw new SqlRefused('query_error', cleanMessage(err), { cause: err });
  } finally {
    clearTimeout(timer);
    prepared?.destroySync();
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
