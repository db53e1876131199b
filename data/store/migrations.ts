import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, queryRows } from './sql.ts';
import { StoreError } from './store-error.ts';

/** One schema step. Never edit a shipped migration: add the next one. */
interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
  /** Work after the statements that needs values read from the database, in the same transaction. */
  readonly then?: (conn: DuckDBConnection) => Promise<void>;
}

// The CHECK on bars repeats the importers' row rules (data/import/check-bars.ts) so that no writer,
// importer or not, can store a bar the replay would choke on.
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'bars',
    statements: [
      `CREATE TABLE bars (
        symbol VARCHAR NOT NULL,
        timeframe VARCHAR NOT NULL,
        ts BIGINT NOT NULL,
        open DOUBLE NOT NULL,
        high DOUBLE NOT NULL,
        low DOUBLE NOT NULL,
        close DOUBLE NOT NULL,
        volume DOUBLE NOT NULL,
        PRIMARY KEY (symbol, timeframe, ts),
        CHECK (isfinite(open) AND isfinite(high) AND isfinite(low) AND isfinite(close) AND isfinite(volume)
          AND open > 0 AND close > 0 AND low > 0 AND low <= open AND low <= close AND high >= open AND high >= close
          AND volume >= 0)
      )`,
    ],
  },
  {
    version: 2,
    name: 'journal',
    statements: [
      // data holds the canonical JSON text of the payload, byte for byte what the hash covered.
      `CREATE TABLE journal (
        seq BIGINT PRIMARY KEY,
        recorded_at BIGINT NOT NULL,
        run_id VARCHAR,
        kind VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        ts BIGINT,
        symbol VARCHAR,
        order_id VARCHAR,
        data VARCHAR NOT NULL,
        prev_hash VARCHAR NOT NULL,
        hash VARCHAR NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    name: 'runs',
    statements: [
      `CREATE TABLE runs (
        run_id VARCHAR PRIMARY KEY,
        created_at BIGINT NOT NULL,
        status VARCHAR NOT NULL CHECK (status IN ('completed', 'failed', 'cancelled')),
        strategy VARCHAR NOT NULL,
        symbols VARCHAR[] NOT NULL,
        timeframe VARCHAR NOT NULL,
        from_ts BIGINT NOT NULL,
        to_ts BIGINT NOT NULL,
        config JSON,
        metrics JSON,
        summary JSON,
        result JSON,
        equity_points BIGINT NOT NULL
      )`,
      `CREATE TABLE run_equity (
        run_id VARCHAR NOT NULL,
        ts BIGINT NOT NULL,
        equity DOUBLE NOT NULL CHECK (isfinite(equity))
      )`,
    ],
  },
  {
    version: 4,
    name: 'journal head',
    statements: [
      // The last entry's seq and hash, written in the same transaction as every append: without it a
      // chain cut short at its end would still verify.
      `CREATE TABLE journal_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash VARCHAR NOT NULL)`,
      `INSERT INTO journal_head SELECT 1, seq, hash FROM journal ORDER BY seq DESC LIMIT 1`,
    ],
  },
  {
    version: 5,
    name: 'llm decision cache and symbol names',
    statements: [
      // Prompt text is stored once, by the sha256 of the text; decisions and the journal refer to the hash.
      `CREATE TABLE llm_prompts (hash VARCHAR PRIMARY KEY, text VARCHAR NOT NULL, created_at BIGINT NOT NULL)`,
      // One answer per (model, prompt, decoding settings). A failed call is cached too (response NULL, error set)
      // so a replay reproduces it; record mode treats such a row as a miss and asks again.
      `CREATE TABLE llm_decisions (
        model VARCHAR NOT NULL,
        prompt_hash VARCHAR NOT NULL,
        decoding_hash VARCHAR NOT NULL,
        response VARCHAR,
        error VARCHAR,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        latency_ms DOUBLE NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (model, prompt_hash, decoding_hash)
      )`,
      `CREATE TABLE symbol_names (symbol VARCHAR PRIMARY KEY, name VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 6,
    name: 'notebooks',
    statements: [
      // Cells are an ordered JSON array; version increments on every save (optimistic concurrency).
      `CREATE TABLE notebooks (
        id VARCHAR PRIMARY KEY,
        title VARCHAR NOT NULL,
        owner VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        cells JSON NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 7,
    name: 'equity points keyed by run number',
    statements: [
      // A run's curve is up to millions of points: each row carried the run id as text, and appending had to stage
      // the points in a temp table to add it. A number per run lets the points go straight from the engine's slabs
      // into the table (1M points: about 0.5 s less per run) and deletes a replaced run's points by number. ts is a
      // DOUBLE, exact for epoch milliseconds, because the slabs are Float64Arrays; the views cast it back.
      `ALTER TABLE runs ADD COLUMN run_no INTEGER`,
      `UPDATE runs SET run_no = n.no FROM (SELECT run_id, row_number() OVER (ORDER BY created_at, run_id)::INTEGER AS no FROM runs) n
        WHERE runs.run_id = n.run_id`,
      `CREATE TABLE run_points (
        run_no INTEGER NOT NULL,
        ts DOUBLE NOT NULL,
        equity DOUBLE NOT NULL CHECK (isfinite(equity))
      )`,
      `INSERT INTO run_points SELECT r.run_no, e.ts::DOUBLE, e.equity FROM run_equity e JOIN runs r USING (run_id) ORDER BY r.run_no, e.ts`,
      `DROP TABLE run_equity`,
    ],
    then: async (conn) => {
      const rows = await queryRows(conn, 'SELECT (coalesce(max(run_no), 0) + 1)::INTEGER AS next FROM runs');
      await conn.run(`CREATE SEQUENCE run_no_seq START WITH ${rows[0].next as number}`);
    },
  },
];

/** Schema version this build reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings the schema up to SCHEMA_VERSION, one transaction per migration, recording each in
 * `schema_migrations`; a no-op when already current. Read-only stores are only checked.
 * Returns the versions applied now.
 */
export async function migrate(conn: DuckDBConnection, options: { readOnly: boolean; now: () => number; upTo?: number }): Promise<number[]> {
  const current = await currentVersion(conn, options.readOnly);
  if (current > SCHEMA_VERSION) {
    throw new StoreError('invalid', `database schema is version ${current}, newer than this build understands (${SCHEMA_VERSION}): upgrade Tradebook`);
  }
  // upTo: an older schema on purpose, for a test that migrates a database shaped by an earlier build.
  const missing = MIGRATIONS.filter((m) => m.version > current && m.version <= (options.upTo ?? SCHEMA_VERSION));
  if (missing.length === 0) return [];
  if (options.readOnly) {
    throw new StoreError('invalid', `database schema is version ${current}, this build needs ${SCHEMA_VERSION}: open it once read-write to migrate`);
  }
  for (const m of missing) {
    await inTransaction(conn, async () => {
      for (const sql of m.statements) await conn.run(sql);
      await m.then?.(conn);
      await conn.run('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [m.version, m.name, options.now()]);
    });
  }
  return missing.map((m) => m.version);
}

async function currentVersion(conn: DuckDBConnection, readOnly: boolean): Promise<number> {
  const exists = await queryRows(conn, `SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'schema_migrations'`);
  if (exists.length === 0) {
    if (readOnly) return 0;
    await conn.run('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at BIGINT NOT NULL)');
  }
  const rows = await queryRows(conn, 'SELECT coalesce(max(version), 0)::INTEGER AS v FROM schema_migrations');
  return rows[0].v as number;
}
