import type { DuckDBConnection } from '@duckdb/node-api';
import type { JournalDraft } from '../../engine/index.ts';
import type { ParsedBars } from '../import/index.ts';
import { checkParsedBars, contentSha256 } from './bar-checks.ts';
import { mergeRound, type StagedFile } from './bar-merge.ts';
import { appendColumns } from './columnar-append.ts';
import type { DuckJournal } from './duck-journal.ts';
import type { FileImportReport, ImportBarsOptions, ImportReport, ReplacedBar } from './import-report.ts';
import { toStoreError } from './store-error.ts';

type FileCounts = Omit<FileImportReport, 'journalSeq'>;

/**
 * Imports every file in one transaction, all or nothing. Files are bulk-loaded into a TEMP staging
 * table through the Appender, then merged set-based (see mergeRound): new bars inserted, identical
 * ones left alone, differing ones replaced and reported. Several files of one series merge in
 * turn, in the given order, so the later file wins where they overlap. One data.import journal
 * entry per file is written in the same transaction; if the import fails, 'rolled_back' entries
 * take their places in the (buffered) journal.
 */
export async function importBars(conn: DuckDBConnection, journal: DuckJournal, files: readonly ParsedBars[], opts: ImportBarsOptions = {}): Promise<ImportReport> {
  files.forEach(checkParsedBars);
  if (files.length === 0) return { files: [], inserted: 0, unchanged: 0, replaced: 0, replacedDetails: [] };
  const actor = opts.actor ?? 'import';
  const total = files.reduce((n, f) => n + f.length, 0);
  const digests = files.map(contentSha256);
  const failed = (f: ParsedBars, err: unknown): JournalDraft => ({
    runId: null,
    kind: 'data.import',
    actor,
    ts: null,
    symbol: f.symbol,
    orderId: null,
    data: { outcome: 'rolled_back', file: f.file, symbol: f.symbol, timeframe: f.timeframe, rows: f.length, reason: err instanceof Error ? err.message : String(err) },
  });

  const counts: FileCounts[] = new Array(files.length);
  const details: ReplacedBar[] = [];
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('CREATE TEMP TABLE bar_stage (file INTEGER, ts DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE)');
    const blocks = files.map((f, i) => ({ columns: [{ repeat: i }, f.ts, f.open, f.high, f.low, f.close, f.volume], length: f.length }));
    await appendColumns(conn, { table: 'bar_stage', temp: true }, blocks);
    let done = 0;
    opts.onProgress?.(0, total);
    for (const round of rounds(files)) {
      const merged = await mergeRound(conn, round, details);
      round.forEach(({ index, bars: f }, k) => {
        counts[index] = { file: f.file, symbol: f.symbol, timeframe: f.timeframe, rows: f.length, ...merged[k], firstTs: f.length > 0 ? f.ts[0] : null, lastTs: f.length > 0 ? f.ts[f.length - 1] : null, contentSha256: digests[index] };
        done += f.length;
      });
      opts.onProgress?.(done, total);
    }
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    const wrapped = toStoreError(err, `import rolled back, nothing stored`);
    for (const f of files) journal.append(failed(f, wrapped));
    throw wrapped;
  }

  const drafts = counts.map((c): JournalDraft => ({ runId: null, kind: 'data.import', actor, ts: null, symbol: c.symbol, orderId: null, data: { outcome: 'imported', ...c } }));
  let entries;
  try {
    entries = await journal.commitWith(conn, drafts, (d, err) => failed(files[drafts.indexOf(d)], err));
  } catch (err) {
    throw toStoreError(err, 'import rolled back at commit, nothing stored');
  }
  const sum = (k: 'inserted' | 'unchanged' | 'replaced') => counts.reduce((n, c) => n + c[k], 0);
  return {
    files: counts.map((c, i) => ({ ...c, journalSeq: entries[i].seq })),
    inserted: sum('inserted'),
    unchanged: sum('unchanged'),
    replaced: sum('replaced'),
    replacedDetails: details,
  };
}

/** Splits files into rounds holding at most one file per series, keeping each series' files in order. */
function rounds(files: readonly ParsedBars[]): StagedFile[][] {
  const out: StagedFile[][] = [];
  const seen = new Map<string, number>();
  files.forEach((bars, index) => {
    const key = `${bars.symbol}\u0000${bars.timeframe}`;
    const r = seen.get(key) ?? 0;
    seen.set(key, r + 1);
    (out[r] ??= []).push({ index, bars });
  });
  return out;
}
