import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { RunStatus, RunSummary } from './run-record.ts';
import { summaryFromRow } from './run-rows.ts';
import { queryRows } from './sql.ts';
import { StoreError } from './store-error.ts';

/** A page-wise search of stored runs (the API's `/api/runs`), newest first then by id. Every field given narrows. */
export interface RunSearch {
  readonly strategy?: string;
  readonly status?: RunStatus;
  /** Runs whose universe includes this symbol. */
  readonly symbol?: string;
  /** Runs whose config.tags include every one of these. */
  readonly tags?: readonly string[];
  /** createdAt bounds, epoch ms, inclusive. */
  readonly createdFrom?: number;
  readonly createdTo?: number;
  /** Runs per page, 1..1,000. */
  readonly limit: number;
  /** Continue after this run of the previous page (its createdAt and runId). */
  readonly after?: { readonly createdAt: number; readonly runId: string };
}

/** A listed run with the tags of its config. */
export type TaggedRunSummary = RunSummary & { readonly tags: readonly string[] };

/** One page of runs; `next` is the `after` of the next page, null when this is the last. */
export interface RunPage {
  readonly runs: TaggedRunSummary[];
  readonly next: { readonly createdAt: number; readonly runId: string } | null;
}

/** One page of runs matching `search`. */
export async function searchRuns(conn: DuckDBConnection, search: RunSearch): Promise<RunPage> {
  const where: string[] = [];
  const values: DuckDBValue[] = [];
  const param = (v: DuckDBValue) => `$${values.push(v)}`;
  if (search.strategy !== undefined) where.push(`strategy = ${param(search.strategy)}`);
  if (search.status !== undefined) where.push(`status = ${param(search.status)}`);
  if (search.symbol !== undefined) where.push(`list_contains(symbols, ${param(search.symbol)})`);
  for (const tag of search.tags ?? []) where.push(`list_contains(coalesce(json_extract_string(config, '$.tags[*]'), []), ${param(tag)})`);
  if (search.createdFrom !== undefined) where.push(`created_at >= ${param(whole('createdFrom', search.createdFrom))}`);
  if (search.createdTo !== undefined) where.push(`created_at <= ${param(whole('createdTo', search.createdTo))}`);
  if (search.after !== undefined) {
    const at = param(whole('after.createdAt', search.after.createdAt));
    where.push(`(created_at < ${at} OR (created_at = ${at} AND run_id > ${param(search.after.runId)}))`);
  }
  const limit = whole('limit', search.limit);
  if (limit < 1 || limit > 1000) throw new StoreError('invalid', `run page limit must be 1..1000, got ${limit}`);
  const rows = await queryRows(
    conn,
    `SELECT run_id, created_at::DOUBLE AS created_at, status, strategy, symbols, timeframe, from_ts::DOUBLE AS from_ts, to_ts::DOUBLE AS to_ts,
       metrics::VARCHAR AS metrics, summary::VARCHAR AS summary, equity_points::DOUBLE AS equity_points,
       coalesce(json_extract_string(config, '$.tags[*]'), []) AS tags
     FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, run_id LIMIT ${limit + 1}`,
    values,
  );
  const runs = rows.slice(0, limit).map(
    (row): TaggedRunSummary => ({
      ...summaryFromRow(row),
      tags: (row.tags as string[] | null) ?? [],
    }),
  );
  const last = runs[runs.length - 1];
  return { runs, next: rows.length > limit ? { createdAt: last.createdAt, runId: last.runId } : null };
}

function whole(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new StoreError('invalid', `run search ${name} must be a whole number ≥ 0, got ${value}`);
  return value;
}
