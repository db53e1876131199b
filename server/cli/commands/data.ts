import type { Command } from 'commander';
import { FORMATS, ImportOptionsSchema, parseBarsFile, writeSymbolNames, type ImportOptions, type ImportReport, type ParsedBars } from '../../../data/index.ts';
import { formatTimestamp } from '../../../engine/index.ts';
import { readStore, resolveDbPath, UsageError, withStore } from '../context.ts';
import { formatTable, note, printJson, progressBar } from '../output.ts';

interface ImportFlags {
  symbol: string;
  timeframe: string;
  format: string;
  adjusted?: boolean;
  name?: string;
  db?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerData(program: Command): void {
  const data = program.command('data').description('Market data in the DuckDB store');

  data
    .command('import')
    .description('Import bar files for one symbol; all files or none (a bad row refuses the whole import)')
    .argument('<files...>', 'CSV files, or LEAN minute zips (one per day)')
    .requiredOption('--symbol <SYM>', 'symbol the bars belong to')
    .option('--timeframe <tf>', '1Day | 1Hour | 5Min | 1Min', '1Day')
    .option('--format <fmt>', `${['auto', ...FORMATS].join(' | ')}`, 'auto')
    .option('--adjusted', 'use adjusted prices (yahoo: Adj Close factor; quandl: Adj. columns)')
    .option('--name <text>', 'the company or fund name, shown to the llm strategy in its prompts')
    .option('--db <path>', 'DuckDB file (default $TRADEBOOK_DB or ./.tradebook/tradebook.duckdb)')
    .option('--json', 'print the import report as JSON')
    .option('--quiet', 'no progress bar')
    .addHelpText('after', '\nExamples:\n  tradebook data import ../shared/data/daily/SPY.csv --symbol SPY --name "SPDR S&P 500 ETF"\n  tradebook data import orcl-1995-2014.txt --symbol ORCL --format yahoo --adjusted')
    .action(async (files: string[], f: ImportFlags) => {
      const name = f.name?.trim();
      if (name !== undefined && (name === '' || name.length > 200 || /[\r\n]/.test(name))) throw new UsageError('--name must be one line of 1 to 200 characters');
      const options = importOptionsFromFlags(f);
      const bar = progressBar('import', f.quiet === true || f.json === true);
      try {
        const parsed: ParsedBars[] = [];
        for (const [i, file] of files.entries()) {
          parsed.push(await parseBarsFile(file, options));
          bar.update(i + 1, files.length * 2);
        }
        const report = await withStore(f.db, async (store) => {
          const imported = await store.importBars(parsed, { onProgress: (done, total) => bar.update(files.length + (done / Math.max(1, total)) * files.length, files.length * 2) });
          if (name !== undefined) await writeSymbolNames(store, new Map([[parsed[0].symbol, name]]));
          return imported;
        });
        bar.stop();
        if (f.json) printJson(report);
        else printImport(report);
      } finally {
        bar.stop();
      }
    });

  data
    .command('migrate')
    .description("Upgrade a database file to this build's schema in place (writing commands and serve also do it when they open it)")
    .option('--db <path>', 'DuckDB file')
    .addHelpText('after', '\nExample:\n  tradebook data migrate --db old.duckdb')
    .action(async (f: { db?: string }) => {
      const { version, migrated } = await withStore(f.db, async (store) => ({ version: await store.schemaVersion(), migrated: store.migrated }), { mustExist: true, announceMigration: false });
      const from = migrated.length > 0 ? migrated[0] - 1 : version;
      // An empty file is a database yet to be made: this open created it.
      const said = from === version ? `schema version ${version}, current for this build` : from === 0 ? `created at schema version ${version}` : `migrated from schema version ${from} to ${version}`;
      console.log(`${resolveDbPath(f.db)}: ${said}`);
    });

  data
    .command('list')
    .description('List stored series: symbol, timeframe, range and bar count')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  tradebook data list --json')
    .action(async (f: { db?: string; json?: boolean }) => {
      const series = await readStore(f.db, (store) => store.listSeries());
      if (f.json) return printJson(series.map((s) => ({ ...s, firstTs: formatTimestamp(s.firstTs), lastTs: formatTimestamp(s.lastTs) })));
      if (series.length === 0) return note('no bars stored yet: tradebook data import FILE --symbol SYM');
      console.log(
        formatTable(series, [
          { header: 'symbol', value: (s) => s.symbol },
          { header: 'timeframe', value: (s) => s.timeframe },
          { header: 'first', value: (s) => formatTimestamp(s.firstTs) },
          { header: 'last', value: (s) => formatTimestamp(s.lastTs) },
          { header: 'bars', value: (s) => String(s.count), align: 'right' },
        ]),
      );
    });
}

/**
 * The import options checked once, before any file is read, by the importer's own schema: a bad --symbol,
 * --timeframe or --format is a usage error (exit 2) naming the flag, what it allows and what it got.
 */
function importOptionsFromFlags(f: ImportFlags): ImportOptions {
  const options = { symbol: f.symbol, timeframe: f.timeframe, format: f.format, adjusted: f.adjusted ?? false };
  const r = ImportOptionsSchema.safeParse(options);
  if (r.success) return options;
  const lines = r.error.issues.map((issue) => {
    const field = String(issue.path[0]) as 'symbol' | 'timeframe' | 'format';
    const rule = issue.message.startsWith(`${field} `) ? issue.message.slice(field.length + 1) : issue.message;
    return `--${field} ${rule}, got ${JSON.stringify(options[field])}`;
  });
  throw new UsageError(lines.join('\n       '));
}

function printImport(r: ImportReport): void {
  const lines = r.files.map((f) => `${f.file}: ${f.symbol} ${f.timeframe} ${f.rows} bars (${f.inserted} new, ${f.replaced} replaced, ${f.unchanged} unchanged)`);
  lines.push(`total: ${r.inserted} new, ${r.replaced} replaced, ${r.unchanged} unchanged`);
  for (const d of r.replacedDetails ?? []) lines.push(`  replaced ${d.symbol} ${formatTimestamp(d.ts)}: ${JSON.stringify(d.old)} → ${JSON.stringify(d.new)}`);
  console.log(lines.join('\n'));
}
