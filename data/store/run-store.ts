import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { checkRunRecord } from './run-checks.ts';
import { beginRunWriter } from './run-writer.ts';
import type { EquitySeries, RunFilter, RunRecord, RunSummary, StoredRun } from './run-record.ts';
import { jsonColumn, summaryFromRow } from './run-rows.ts';
import { queryRows } from './sql.ts';
import { StoreError } from './store-error.ts';
import { chunkRead } from './chunk-memory.ts';
import { doubleItems } from './vector-items.ts';

/** Equity points appended per slab by saveRun: a multiple of DuckDB's row group size (122,880). */
const EQUITY_STAGE_ROWS = 16 * 122_880;

const SUMMARY_COLUMNS = `run_id, created_at::DOUBLE AS created_at, status, strategy, symbols, timeframe, from_ts::DOUBLE AS from_ts,
  to_ts::DOUBLE AS to_ts, metrics::VARCHAR AS metrics, summary::VARCHAR AS summary, equity_points::DOUBLE AS equity_points`;

/** Stores a run and its equity curve in one transaction, replacing any run with the same id. */
export async function saveRun(conn: DuckDBConnection, r: RunRecord): Promise<void> {
  checkRunRecord(r);
  const writer = await beginRunWriter(conn, r.runId, () => undefined);
  try {
    // A slab at a time, so DuckDB never holds a second copy of a long curve (10M points: 160 MB).
    const { ts, equity, length } = r.equity;
    for (let from = 0; from < length; from += EQUITY_STAGE_ROWS) {
      const to = Math.min(length, from + EQUITY_STAGE_ROWS);
      await writer.appendEquity(ts.subarray(from, to), equity.subarray(from, to), to - from);
    }
    const { equity: _curve, ...fields } = r;
    await writer.commit(fields);
  } finally {
    await writer.abort();
  }
}

/** Stored runs matching `filter`, newest first (then by id, so the order is stable). */
export async function listRuns(conn: DuckDBConnection, filter: RunFilter = {}): Promise<RunSummary[]> {
  const where: string[] = [];
  const values: DuckDBValue[] = [];
  if (filter.strategy !== undefined) where.push(`strategy = $${values.push(filter.strategy)}`);
  if (filter.status !== undefined) where.push(`status = $${values.push(filter.status)}`);
  if (filter.symbol !== undefined) where.push(`list_contains(symbols, $${values.push(filter.symbol)})`);
  const limit = filter.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new StoreError('invalid', `listRuns limit must be a whole number ≥ 0, got ${limit}`);
  const rows = await queryRows(conn, `SELECT ${SUMMARY_COLUMNS} FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, run_id LIMIT ${limit}`, values);
  return rows.map(summaryFromRow);
}

/** One stored run without its equity curve; not_found names the id. */
export async function getRun(conn: DuckDBConnection, runId: string): Promise<StoredRun> {
  const rows = await queryRows(conn, `SELECT ${SUMMARY_COLUMNS}, config::VARCHAR AS config, result::VARCHAR AS result FROM runs WHERE run_id = $1`, [runId]);
  if (rows.length === 0) throw new StoreError('not_found', `no run with id ${JSON.stringify(runId)}`);
  const row = rows[0];
  return { ...summaryFromRow(row), config: jsonColumn(row.config), result: jsonColumn(row.result) };
}

/** The stored equity curve of a run, in time order; not_found names the id. */
export async function getEquity(conn: DuckDBConnection, runId: string): Promise<EquitySeries> {
  const rows = await queryRows(conn, 'SELECT equity_points::DOUBLE AS n, run_no FROM runs WHERE run_id = $1', [runId]);
  if (rows.length === 0) throw new StoreError('not_found', `no run with id ${JSON.stringify(runId)}`);
  const capacity = rows[0].n as number;
  const ts = new Float64Array(capacity);
  const equity = new Float64Array(capacity);
  const result = await conn.stream('SELECT ts, equity FROM run_points WHERE run_no = $1 ORDER BY ts', [rows[0].run_no as number]);
  let length = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    chunkRead();
    const n = chunk.rowCount;
    if (length + n > capacity) throw new StoreError('invalid', `run ${runId} has more equity points than its record says (${capacity})`);
    ts.set(doubleItems(chunk.getColumnVector(0)), length);
    equity.set(doubleItems(chunk.getColumnVector(1)), length);
    length += n;
  }
  if (length !== capacity) throw new StoreError('invalid', `run ${runId} has ${length} equity points, its record says ${capacity}`);
  return { ts, equity, length };
}
