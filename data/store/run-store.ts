import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Timeframe } from '../../engine/index.ts';
import { appendColumns } from './columnar-append.ts';
import { checkRunRecord, jsonText } from './run-checks.ts';
import type { EquitySeries, RunFilter, RunRecord, RunStatus, RunSummary, StoredRun } from './run-record.ts';
import { inTransaction, queryRows } from './sql.ts';
import { StoreError } from './store-error.ts';
import { doubleItems } from './vector-items.ts';

/** Equity points staged per INSERT by saveRun: a multiple of DuckDB's row group size (122,880). */
const EQUITY_STAGE_ROWS = 16 * 122_880;

const SUMMARY_COLUMNS = `run_id, created_at::DOUBLE AS created_at, status, strategy, symbols, timeframe, from_ts::DOUBLE AS from_ts,
  to_ts::DOUBLE AS to_ts, metrics::VARCHAR AS metrics, summary::VARCHAR AS summary, equity_points::DOUBLE AS equity_points`;

/** Stores a run and its equity curve in one transaction, replacing any run with the same id. */
export async function saveRun(conn: DuckDBConnection, r: RunRecord): Promise<void> {
  checkRunRecord(r);
  const json = (value: unknown, field: string) => jsonText(value, field, r.runId);
  const row: DuckDBValue[] = [
    r.runId,
    r.createdAt,
    r.status,
    r.strategy,
    listValue([...r.symbols]),
    r.timeframe,
    r.fromTs,
    r.toTs,
    json(r.config, 'config'),
    json(r.metrics, 'metrics'),
    json(r.summary ?? null, 'summary'),
    json(r.result, 'result'),
    r.equity.length,
  ];
  await inTransaction(conn, async () => {
    await conn.run(`INSERT OR REPLACE INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::JSON, $10::JSON, $11::JSON, $12::JSON, $13)`, row);
    await conn.run('DELETE FROM run_equity WHERE run_id = $1', [r.runId]);
    await conn.run('CREATE OR REPLACE TEMP TABLE equity_stage (ts DOUBLE, equity DOUBLE)');
    // Staged a slab at a time, so DuckDB never holds a second copy of a long curve (10M points: 160 MB).
    const { ts, equity, length } = r.equity;
    for (let from = 0; from < length || from === 0; from += EQUITY_STAGE_ROWS) {
      const to = Math.min(length, from + EQUITY_STAGE_ROWS);
      if (from > 0) await conn.run('TRUNCATE temp.equity_stage');
      await appendColumns(conn, { table: 'equity_stage', temp: true }, [{ columns: [ts.subarray(from, to), equity.subarray(from, to)], length: to - from }]);
      await conn.run('INSERT INTO run_equity SELECT $1, ts::BIGINT, equity FROM equity_stage', [r.runId]);
    }
    await conn.run('DROP TABLE temp.equity_stage');
  });
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
  return rows.map(toSummary);
}

/** One stored run without its equity curve; not_found names the id. */
export async function getRun(conn: DuckDBConnection, runId: string): Promise<StoredRun> {
  const rows = await queryRows(conn, `SELECT ${SUMMARY_COLUMNS}, config::VARCHAR AS config, result::VARCHAR AS result FROM runs WHERE run_id = $1`, [runId]);
  if (rows.length === 0) throw new StoreError('not_found', `no run with id ${JSON.stringify(runId)}`);
  const row = rows[0];
  return { ...toSummary(row), config: parse(row.config), result: parse(row.result) };
}

/** The stored equity curve of a run, in time order; not_found names the id. */
export async function getEquity(conn: DuckDBConnection, runId: string): Promise<EquitySeries> {
  const rows = await queryRows(conn, 'SELECT equity_points::DOUBLE AS n FROM runs WHERE run_id = $1', [runId]);
  if (rows.length === 0) throw new StoreError('not_found', `no run with id ${JSON.stringify(runId)}`);
  const capacity = rows[0].n as number;
  const ts = new Float64Array(capacity);
  const equity = new Float64Array(capacity);
  const result = await conn.stream('SELECT ts::DOUBLE, equity FROM run_equity WHERE run_id = $1 ORDER BY ts', [runId]);
  let length = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    if (length + n > capacity) throw new StoreError('invalid', `run ${runId} has more equity points than its record says (${capacity})`);
    ts.set(doubleItems(chunk.getColumnVector(0)), length);
    equity.set(doubleItems(chunk.getColumnVector(1)), length);
    length += n;
  }
  if (length !== capacity) throw new StoreError('invalid', `run ${runId} has ${length} equity points, its record says ${capacity}`);
  return { ts, equity, length };
}

function toSummary(row: Record<string, unknown>): RunSummary {
  return {
    runId: row.run_id as string,
    createdAt: row.created_at as number,
    status: row.status as RunStatus,
    strategy: row.strategy as string,
    symbols: row.symbols as string[],
    timeframe: row.timeframe as Timeframe,
    fromTs: row.from_ts as number,
    toTs: row.to_ts as number,
    metrics: parse(row.metrics),
    summary: parse(row.summary),
    equityPoints: row.equity_points as number,
  };
}

function parse(text: unknown): unknown {
  return text === null || text === undefined ? null : JSON.parse(text as string);
}
