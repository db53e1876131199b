import type { DuckDBConnection } from '@duckdb/node-api';
import type { ParsedBars } from '../import/index.ts';
import { describeRefusedBar } from './bar-checks.ts';
import { REPLACED_DETAIL_LIMIT, type FileImportReport, type ReplacedBar } from './import-report.ts';
import { queryRows, sqlString } from './sql.ts';
import { StoreError, toStoreError } from './store-error.ts';

/** A staged file: its rows are `file = index` in temp.bar_stage. */
export interface StagedFile {
  readonly index: number;
  readonly bars: ParsedBars;
}

/** Per-file outcome of a merge. */
export type MergeCounts = Pick<FileImportReport, 'inserted' | 'unchanged' | 'replaced'>;

const CHANGED = '(b.open <> n.open OR b.high <> n.high OR b.low <> n.low OR b.close <> n.close OR b.volume <> n.volume)';

/**
 * Merges one round of staged files (at most one file per series, so no two staged rows share a key)
 * into bars, set-based: one diff query for the counts, then one UPDATE of the differing bars and
 * one INSERT of the new ones. Pushes replaced bars onto `details` up to REPLACED_DETAIL_LIMIT.
 * Returns counts in the order of `round`.
 */
export async function mergeRound(conn: DuckDBConnection, round: readonly StagedFile[], details: ReplacedBar[]): Promise<MergeCounts[]> {
  const files = round.filter((s) => s.bars.length > 0);
  const counts = new Map<number, MergeCounts>(round.map((s) => [s.index, { inserted: 0, unchanged: 0, replaced: 0 }]));
  if (files.length === 0) return round.map((s) => counts.get(s.index)!);
  const list = files.map((s) => `(${s.index}, ${sqlString(s.bars.symbol)}, ${sqlString(s.bars.timeframe)})`).join(', ');
  const lo = Math.min(...files.map((s) => s.bars.ts[0]));
  const hi = Math.max(...files.map((s) => s.bars.ts[s.bars.length - 1]));
  // New rows with their series, and the stored bars they may meet. The ts range lets DuckDB skip
  // row groups by their min/max, so adding a year to a long series reads little of it.
  const incoming = `(SELECT s.file, r.symbol, r.timeframe, s.ts::BIGINT AS ts, s.open, s.high, s.low, s.close, s.volume
    FROM temp.bar_stage s JOIN (VALUES ${list}) r(file, symbol, timeframe) ON r.file = s.file)`;
  const stored = `(SELECT * FROM bars WHERE ts BETWEEN ${lo} AND ${hi})`;
  const joined = `FROM ${incoming} n LEFT JOIN ${stored} b ON b.symbol = n.symbol AND b.timeframe = n.timeframe AND b.ts = n.ts`;

  const rows = await queryRows(conn, `SELECT n.file, count(*)::DOUBLE AS total, count(b.ts)::DOUBLE AS existing, (count(*) FILTER (WHERE b.ts IS NOT NULL AND ${CHANGED}))::DOUBLE AS changed ${joined} GROUP BY n.file`);
  let anyExisting = false;
  let anyChanged = false;
  for (const r of rows) {
    const [total, existing, changed] = [r.total as number, r.existing as number, r.changed as number];
    counts.set(r.file as number, { inserted: total - existing, unchanged: existing - changed, replaced: changed });
    anyExisting ||= existing > 0;
    anyChanged ||= changed > 0;
  }
  if (anyChanged && details.length < REPLACED_DETAIL_LIMIT) await collectDetails(conn, joined, files, details);
  try {
    if (anyChanged) {
      await conn.run(
        `UPDATE bars SET open = n.open, high = n.high, low = n.low, close = n.close, volume = n.volume FROM ${incoming} n
         WHERE bars.ts BETWEEN ${lo} AND ${hi} AND bars.symbol = n.symbol AND bars.timeframe = n.timeframe AND bars.ts = n.ts
           AND ${CHANGED.replaceAll('b.', 'bars.')}`,
      );
    }
    const onlyNew = anyExisting ? `WHERE NOT EXISTS (SELECT 1 FROM ${stored} b WHERE b.symbol = n.symbol AND b.timeframe = n.timeframe AND b.ts = n.ts)` : '';
    await conn.run(`INSERT INTO bars SELECT n.symbol, n.timeframe, n.ts, n.open, n.high, n.low, n.close, n.volume FROM ${incoming} n ${onlyNew}`);
  } catch (err) {
    throw refusal(err, files) ?? toStoreError(err, 'merging into bars failed');
  }
  return round.map((s) => counts.get(s.index)!);
}

async function collectDetails(conn: DuckDBConnection, joined: string, files: readonly StagedFile[], details: ReplacedBar[]): Promise<void> {
  const rows = await queryRows(
    conn,
    `SELECT n.file, n.ts::DOUBLE AS ts, b.open, b.high, b.low, b.close, b.volume,
       n.open AS new_open, n.high AS new_high, n.low AS new_low, n.close AS new_close, n.volume AS new_volume
     ${joined} WHERE b.ts IS NOT NULL AND ${CHANGED} ORDER BY n.file, n.ts LIMIT ${REPLACED_DETAIL_LIMIT - details.length}`,
  );
  const byIndex = new Map(files.map((s) => [s.index, s.bars]));
  for (const r of rows) {
    const f = byIndex.get(r.file as number)!;
    const ohlcv = (p: string) => ({ open: r[`${p}open`] as number, high: r[`${p}high`] as number, low: r[`${p}low`] as number, close: r[`${p}close`] as number, volume: r[`${p}volume`] as number });
    details.push({ file: f.file, symbol: f.symbol, timeframe: f.timeframe, ts: r.ts as number, old: ohlcv(''), new: ohlcv('new_') });
  }
}

/** When the bars table's CHECK refused the merge, names the first file and bar at fault. */
function refusal(err: unknown, files: readonly StagedFile[]): StoreError | null {
  if (!/CHECK constraint/i.test(err instanceof Error ? err.message : '')) return null;
  for (const { bars } of files) {
    const refused = describeRefusedBar(bars);
    if (refused !== null) return new StoreError('invalid', `${bars.file}: ${refused} (refused by the bars table)`, { cause: err });
  }
  return null;
}
