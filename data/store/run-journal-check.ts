import type { DuckDBValue } from '@duckdb/node-api';
import { queryRows } from './sql.ts';
import { runOnStore, type Store } from './store.ts';

/** One way a completed run's stored row disagrees with its journal. */
export interface RunJournalMismatch {
  readonly runId: string;
  /** `metrics.<key>`, or `run.end` when the journal holds no completed run.end for the run. */
  readonly field: string;
  /** The value in the runs table (undefined keys as null). */
  readonly stored: unknown;
  /** The value in the run's newest completed run.end entry (null when there is none). */
  readonly journalled: unknown;
  /** That run.end entry's sequence number, null when there is none. */
  readonly seq: number | null;
}

/** The runs table held against the journal: every completed run's metrics against its run.end entry. */
export interface RunJournalCheck {
  /** Completed runs whose metrics were compared. */
  readonly checked: number;
  /** Completed runs whose run.end entry holds no metrics (journalled before run.end carried them): not compared. */
  readonly unchecked: readonly string[];
  readonly mismatches: readonly RunJournalMismatch[];
}

/**
 * Compares each completed run's stored metrics, key by key, with the metrics its newest completed run.end entry
 * journalled (an execution that was not stored, e.g. a replay missing model decisions, says so in run.end and is
 * skipped). A completed run with no such entry is a mismatch on `run.end`. The chain itself is verified elsewhere;
 * this catches a runs-table edit that the chain cannot see. With a runId, only that run.
 */
export async function checkRunsAgainstJournal(store: Store, opts: { runId?: string } = {}): Promise<RunJournalCheck> {
  const values: DuckDBValue[] = [];
  const only = opts.runId === undefined ? '' : `AND r.run_id = $${values.push(opts.runId)}`;
  const rows = await runOnStore(
    store,
    (conn) =>
      queryRows(
        conn,
        `WITH ends AS (
           SELECT run_id, seq, data FROM journal
           WHERE kind = 'run.end' AND run_id IS NOT NULL
             AND (CASE WHEN json_valid(data) THEN json_extract_string(data, '$.status') = 'completed' AND json_extract(data, '$.notStored') IS NULL ELSE false END)
           QUALIFY row_number() OVER (PARTITION BY run_id ORDER BY seq DESC) = 1
         )
         SELECT r.run_id, r.metrics::VARCHAR AS stored, e.seq::DOUBLE AS seq, e.data AS journalled
         FROM runs r LEFT JOIN ends e ON e.run_id = r.run_id
         WHERE r.status = 'completed' ${only}
         ORDER BY r.run_id`,
        values,
      ),
    'cannot check the runs against the journal',
  );
  let checked = 0;
  const unchecked: string[] = [];
  const mismatches: RunJournalMismatch[] = [];
  for (const row of rows) {
    const runId = row.run_id as string;
    const stored = (row.stored === null ? null : JSON.parse(row.stored as string)) as Record<string, unknown> | null;
    if (row.journalled === null) {
      mismatches.push({ runId, field: 'run.end', stored: 'completed', journalled: null, seq: null });
      continue;
    }
    const seq = row.seq as number;
    const journalled = (JSON.parse(row.journalled as string) as { metrics?: Record<string, unknown> }).metrics;
    if (journalled === undefined) {
      unchecked.push(runId);
      continue;
    }
    checked++;
    const keys = [...new Set([...Object.keys(journalled), ...Object.keys(stored ?? {})])];
    for (const key of keys) {
      const a = stored?.[key] ?? null;
      const b = journalled[key] ?? null;
      if (!sameJson(a, b)) mismatches.push({ runId, field: `metrics.${key}`, stored: a, journalled: b, seq });
    }
  }
  return { checked, unchecked, mismatches };
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}
