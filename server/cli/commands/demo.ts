import { rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { decisionCache, isDuckDbFile, parseBarsFile, openStore, StoreError, type CachedDecision, type StoredPrompt, type Store } from '../../../data/index.ts';
import { runBacktest } from '../../backtest/run-backtest.ts';
import type { BacktestReport } from '../../backtest/report.ts';
import { resolveDailyDir } from '../data-dir.ts';
import { resolveDbPath, UsageError } from '../context.ts';
import { note, progressBar } from '../output.ts';
import { metricsTable } from './runs.ts';

const DEMO_DB = '.tradebook/demo.duckdb';
const FROM = '2001-01-02';

/** The demo starts from an empty database: it may replace its own file, never someone else's without --force. */
async function refuseToClobber(dbPath: string, force: boolean): Promise<void> {
  if (!existsSync(dbPath)) return;
  if (!(await isDuckDbFile(dbPath))) throw new UsageError(`--db ${dbPath} exists and is not a DuckDB database; the demo will not overwrite it`);
  if (dbPath !== resolve(DEMO_DB) && !force) throw new UsageError(`--db ${dbPath} already exists and the demo recreates its database from scratch: pass --force to replace it, or choose a new path`);
}
const TO = '2021-03-31';

/** The demo's runs: a trend strategy on SPY, mean reversion on a basket, momentum rotation and the buy-and-hold benchmark. */
function demoRuns(symbols: readonly string[]) {
  const basket = ['SPY', 'QQQ', 'IWM', 'AAPL', 'IBM'].filter((s) => symbols.includes(s));
  const common = { from: FROM, to: TO, cash: 100_000, commission: { pct: 0.05 }, slippageBps: 2, tags: ['demo'] };
  return [
    { label: 'buy & hold SPY (benchmark)', config: { ...common, symbols: ['SPY'], strategy: 'buy-and-hold' } },
    { label: 'SMA 50/200 cross on SPY', config: { ...common, symbols: ['SPY'], strategy: 'sma-cross', params: { fast: '50', slow: '200' } } },
    { label: `RSI(2) reversion on ${basket.join(',')}`, config: { ...common, symbols: basket, strategy: 'rsi-reversion', params: { period: '2', lower: '10', upper: '70' } } },
    { label: `momentum top 2 of ${basket.join(',')}`, config: { ...common, symbols: basket, strategy: 'momentum', params: { lookback: '126', top: '2', rebalance: '21' } } },
  ];
}

// The LLM run is small on purpose (a few dozen questions), so a real endpoint costs cents at most.
const LLM_FROM = '2020-01-01';
const LLM_EVERY = '5';

/**
 * The decision cache of the previous demo database, carried into the fresh one so earlier answers replay offline.
 * Opening it read-write is also the check that no other process (a `tradebook serve --db` of it, a reader) holds the
 * file: the demo deletes and recreates it, which would silently lose everything that process writes. A held file
 * is a StoreError `locked` naming the process, thrown before anything is touched.
 */
async function carriedCache(dbPath: string): Promise<{ decisions: CachedDecision[]; prompts: StoredPrompt[] } | null> {
  if (!existsSync(dbPath) || !(await isDuckDbFile(dbPath))) return null;
  let old: Store;
  try {
    old = await openStore(dbPath);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'locked') {
      throw new StoreError('locked', `${err.message}: the demo recreates this database from scratch and would lose what that process writes; nothing was changed. Stop that process (a running tradebook serve, say) and run the demo again, or give the demo another --db`, { cause: err });
    }
    return null; // an unreadable old demo database only means nothing to carry over
  }
  try {
    return await decisionCache(old).exportAll();
  } catch {
    return null;
  } finally {
    await old.close();
  }
}

/**
 * With a model endpoint configured, the llm strategy on SPY in record mode (asks only what the cache lacks); without
 * one, the same run replayed from answers an earlier demo recorded, if there are any. Never a scripted answer.
 */
async function llmRun(store: Store, recorded: boolean, quiet: boolean): Promise<{ label: string; report: BacktestReport } | null> {
  // The model client is loaded only when the demo reaches its llm run.
  const { createLlmServices, llmSettingsFromEnv } = await import('../../llm/index.ts');
  const settings = llmSettingsFromEnv(process.env);
  const model = settings.defaultModel ?? 'gpt-4o-mini';
  const config = { symbols: ['SPY'], from: LLM_FROM, to: TO, cash: 100_000, commission: { pct: 0.05 }, slippageBps: 2, tags: ['demo', 'llm'], strategy: 'llm', params: { model, every: LLM_EVERY } };
  const mode = settings.baseURL === null ? 'replay' : 'record';
  // Nothing to ask and nothing recorded: not run at all (a replay would journal a run that fails on its first decision).
  if (mode === 'replay' && !recorded) {
    note('llm strategy: not run (set OPENAI_BASE_URL and OPENAI_API_KEY, or OPENAI_API_KEY alone for OpenAI, to add it; its answers are kept and replay offline in later demos)', quiet);
    return null;
  }
  try {
    const report = await runBacktest(store, config, { llm: createLlmServices(store, { mode, env: process.env }) });
    return { label: `LLM ${model} on SPY from ${LLM_FROM}, every ${LLM_EVERY} bars${mode === 'replay' ? ' (replayed from the recorded cache)' : ` via ${settings.endpointLabel}`}`, report };
  } catch (err) {
    note(`llm strategy: failed: ${(err as Error).message}`, quiet);
    return null;
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Fresh DuckDB file, import the real daily bars, run four backtests, print them side by side')
    .option('--data-dir <path>', 'market data folder (default $TRADEBOOK_DATA_DIR or ../shared/data)')
    .option('--db <path>', 'DuckDB file to (re)create', DEMO_DB)
    .option('--force', 'replace an existing database given with --db')
    .option('--quiet', 'no progress output')
    .addHelpText('after', '\nExample:\n  npm run demo\n  tradebook demo --data-dir /path/to/bars --db /tmp/demo.duckdb')
    .action(async (f: { dataDir?: string; db: string; quiet?: boolean; force?: boolean }) => {
      const started = performance.now();
      const { dir, files } = resolveDailyDir(f.dataDir);
      const dbPath = resolveDbPath(f.db);
      await refuseToClobber(dbPath, f.force === true);
      const carried = await carriedCache(dbPath);
      for (const suffix of ['', '.wal']) rmSync(dbPath + suffix, { force: true });
      note(`data: ${dir} (${files.length} daily files)\ndatabase: ${dbPath} (fresh)`, f.quiet);
      const store = await openStore(dbPath);
      const reports: { label: string; report: BacktestReport }[] = [];
      try {
        const parsed = await Promise.all(files.map((x) => parseBarsFile(x.path, { symbol: x.symbol, timeframe: '1Day', format: 'uniform', adjusted: false })));
        const imported = await store.importBars(parsed);
        note(`imported ${imported.inserted} bars of ${files.map((x) => x.symbol).join(', ')}`, f.quiet);
        const runs = demoRuns(files.map((x) => x.symbol));
        const bar = progressBar('backtests', f.quiet === true);
        for (const [i, run] of runs.entries()) {
          if (!run.config.symbols.every((s) => files.some((x) => x.symbol === s)) || run.config.symbols.length === 0) {
            note(`skipped "${run.label}": needs ${run.config.symbols.join(',') || 'symbols'} in ${dir}`, f.quiet);
            continue;
          }
          reports.push({ label: run.label, report: await runBacktest(store, run.config) });
          bar.update(i + 1, runs.length);
        }
        bar.stop();
        const recorded = carried !== null && carried.decisions.length > 0;
        if (recorded) await decisionCache(store).save(carried.decisions, carried.prompts, Date.now());
        if (files.some((x) => x.symbol === 'SPY')) {
          const llm = await llmRun(store, recorded, f.quiet === true);
          if (llm !== null) reports.push(llm);
        }
      } finally {
        await store.close();
      }
      if (reports.length === 0) throw new Error(`the demo needs SPY.csv in ${dir}`);
      console.log(`\nTradebook demo · daily bars ${FROM}..${TO} · cash 100,000 · 0.05 % commission · 2 bps slippage · fills at next open\n`);
      for (const r of reports) console.log(`  ${r.report.runId}  ${r.label}`);
      console.log(`\n${metricsTable(reports.map((r) => ({ runId: r.report.runId, metrics: r.report.metrics })), reports.map((r) => r.report.llm))}`);
      // What a run says about its data (a symbol's hole, a late start) is read beside its numbers, not only in runs show.
      const warned = reports.flatMap((r) => r.report.warnings.map((w) => `  ${r.report.runId}  ${w}`));
      if (warned.length > 0) console.log(`\nWarnings:\n${warned.join('\n')}`);
      const db = relative(process.cwd(), dbPath) || dbPath;
      const ids = reports.map((r) => r.report.runId);
      console.log(`\nLook again:\n  npx tradebook runs list --db ${db}\n  npx tradebook runs show ${ids[1] ?? ids[0]} --db ${db}\n  npx tradebook runs compare ${ids.join(' ')} --db ${db}\n  npx tradebook journal verify --db ${db}\n  npx tradebook journal show --run ${ids[1] ?? ids[0]} --kind fill --db ${db}`);
      note(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s`, f.quiet);
    });
}
