import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** A SQL string literal. Used only for values we built (symbols, table names); user values are bound as parameters. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Runs `work` inside BEGIN … COMMIT on `conn`; any failure rolls back and rethrows the original error.
 * DuckDB aborts a transaction on the first failed statement, so nothing half-written can commit.
 */
export async function inTransaction<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  let result: T;
  try {
    result = await work();
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return result;
}

/** Rows as plain JS objects (BIGINT comes back as bigint: cast in SQL where a number is wanted). */
export async function queryRows(conn: DuckDBConnection, sql: string, values?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, values);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

/** The single value of a one-row, one-column query. */
export async function queryValue(conn: DuckDBConnection, sql: string, values?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<unknown> {
  const reader = await conn.runAndReadAll(sql, values);
  return reader.getRowsJS()[0]?.[0];
}
