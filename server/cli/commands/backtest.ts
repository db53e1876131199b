import type { Command } from 'commander';
import { resolve } from 'node:path';
import { parseRiskLimits, STRATEGIES } from '../../../engine/index.ts';
import { parseBacktestConfig } from '../../backtest/backtest-config.ts';
import { modelFailureWarning } from '../../backtest/llm-warning.ts';
import { runBacktest } from '../../backtest/run-backtest.ts';
import type { LlmMode, LlmServices } from '../../llm/index.ts';
import type { BacktestReport } from '../../backtest/report.ts';
import { collectPairs, numberFlag, UsageError, withStore } from '../context.ts';
import { note, printJson, progressBar } from '../output.ts';
import { metricsTable, modelFailureLine, riskRulesLine } from './runs.ts';

export interface BacktestFlags {
  symbols: string;
  timeframe: string;
  from?: string;
  to?: string;
  session: string;
  strategy: string;
  param: Record<string, string>;
  cash: string;
  fill: string;
  commissionPct?: string;
  commissionPerShare?: string;
  commissionMin?: string;
  commissionFixed?: string;
  slippageBps?: string;
  maxVolumePct?: string;
  clipToCash?: boolean;
  closeAtEnd?: boolean;
  fractional?: boolean;
  risk: Record<string, string>;
  riskFree?: string;
  seed: string;
  tag: string[];
  db?: string;
  json?: boolean;
  quiet?: boolean;
  rerun?: boolean;
  llm: string;
}

/** Flags → the config object the API also accepts (validation happens once, in the schema). */
export function configFromFlags(f: BacktestFlags): Record<string, unknown> {
  const seed = numberFlag('--seed', f.seed)!;
  return {
    symbols: symbolsFromFlag(f.symbols),
    timeframe: f.timeframe,
    from: f.from ?? null,
    to: f.to ?? null,
    session: f.session,
    strategy: f.strategy,
    params: absoluteFileParams(f.strategy, f.param),
    cash: numberFlag('--cash', f.cash),
    fill: f.fill,
    commission: {
      pct: numberFlag('--commission-pct', f.commissionPct) ?? 0,
      perShare: numberFlag('--commission-per-share', f.commissionPerShare) ?? 0,
      min: numberFlag('--commission-min', f.commissionMin) ?? 0,
      fixed: numberFlag('--commission-fixed', f.commissionFixed) ?? 0,
    },
    slippageBps: numberFlag('--slippage-bps', f.slippageBps) ?? 0,
    maxVolumePct: numberFlag('--max-volume-pct', f.maxVolumePct) ?? null,
    clipToCash: f.clipToCash ?? false,
    closeAtEnd: f.closeAtEnd ?? false,
    fractional: f.fractional ?? false,
    risk: riskFromFlags(f.risk),
    riskFreeRate: numberFlag('--risk-free', f.riskFree) ?? 0,
    seed,
    tags: f.tag,
  };
}

/**
 * Params that name a file the strategy reads (the signals CSV, the llm prompt) as absolute paths: the stored config
 * then says which file a run read wherever it is looked at from, and `x.csv`, `./x.csv` and `$PWD/x.csv` are one run
 * (the run id covers the config).
 */
function absoluteFileParams(strategy: string, params: Record<string, string>): Record<string, string> {
  const fileParams = STRATEGIES.get(strategy)?.fileParams ?? [];
  const out = { ...params };
  for (const name of fileParams) if (typeof out[name] === 'string' && out[name].trim() !== '') out[name] = resolve(out[name]);
  return out;
}

/** `--symbols` as a list: each item trimmed and upper-cased (` spy ` is SPY, as `data import --symbol` stores it); an empty item is refused. */
function symbolsFromFlag(list: string): string[] {
  const symbols = list.split(',').map((s) => s.trim().toUpperCase());
  const empty = symbols.findIndex((s) => s === '');
  if (empty >= 0) throw new UsageError(`--symbols has an empty symbol at position ${empty + 1} in ${JSON.stringify(list)}: give a comma-separated list such as SPY,QQQ`);
  return symbols;
}

function riskFromFlags(pairs: Record<string, string>): Record<string, unknown> {
  // The risk module's own parser turns `key=value` strings into typed limits, naming a bad key.
  try {
    return parseRiskLimits(pairs);
  } catch (err) {
    throw new UsageError(`--risk: ${(err as Error).message}`);
  }
}

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('Run a backtest on stored bars, store the run and print its metrics')
    .requiredOption('--symbols <list>', 'comma-separated symbols; the first is the benchmark')
    .requiredOption('--strategy <name>', 'buy-and-hold | sma-cross | close-vs-sma | rsi-reversion | momentum | signals | llm')
    .option('--param <key=value>', 'strategy parameter (repeatable)', collectPairs('--param'), {})
    .option('--timeframe <tf>', '1Day | 1Hour | 5Min | 1Min', '1Day')
    .option('--from <date>', 'first bar date, inclusive (YYYY-MM-DD)')
    .option('--to <date>', 'last bar date, inclusive (YYYY-MM-DD)')
    .option('--session <s>', 'intraday: regular (09:30-16:00 New York) | all', 'regular')
    .option('--cash <dollars>', 'starting cash', '100000')
    .option('--fill <when>', 'market orders fill at next-open | close', 'next-open')
    .option('--commission-pct <P>', 'percent of notional per fill (0.1 = 0.1 %)')
    .option('--commission-per-share <X>', 'dollars per share')
    .option('--commission-min <Y>', 'minimum per order for the per-share commission')
    .option('--commission-fixed <Z>', 'fixed dollars per order')
    .option('--slippage-bps <B>', 'basis points against the trader on every fill')
    .option('--max-volume-pct <V>', 'largest percent of a bar’s volume one order may take; the rest stays open')
    .option('--clip-to-cash', 'cut unaffordable quantity orders to what cash allows instead of rejecting them')
    .option('--close-at-end', 'close open positions at the last bar’s close')
    .option('--fractional', 'allow fractional shares')
    .option('--risk <key=value>', 'risk limit, e.g. maxPositionWeight=0.5 (repeatable)', collectPairs('--risk'), {})
    .option('--risk-free <rate>', 'annual risk-free rate for Sharpe/Sortino (0.02 = 2 %)')
    .option('--seed <n>', 'seed for any randomness', '0')
    .option('--tag <label>', 'label the run (repeatable)', (v: string, prev: string[] = []) => [...prev, v], [])
    .option('--db <path>', 'DuckDB file (default $TRADEBOOK_DB or ./.tradebook/tradebook.duckdb)')
    .option('--llm <mode>', 'llm strategy: live (always ask the model, store answers) | replay (only the decision cache, never the network) | record (ask only on a cache miss)', 'record')
    .option('--rerun', 'execute even when an identical run (same config and data) is already stored; otherwise its stored result is printed')
    .option('--json', 'print one JSON object on stdout')
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      '\nExample:\n  tradebook backtest --symbols SPY --strategy sma-cross --param fast=50 --param slow=200 --commission-pct 0.05 --json' +
        '\n  OPENAI_BASE_URL=http://127.0.0.1:11434/v1 TRADEBOOK_LLM_MODEL=llama3.1 tradebook backtest --symbols SPY,QQQ --strategy llm --param every=5 --llm record' +
        '\n\nThe llm strategy reads OPENAI_BASE_URL, OPENAI_API_KEY and TRADEBOOK_LLM_MODEL from the environment (see README).',
    )
    .action(async (flags: BacktestFlags) => {
      const config = configFromFlags(flags);
      // A bad field is refused before the store is opened (or created).
      parseBacktestConfig(config);
      // The model client is loaded only when the run needs it (or to check a --llm other than the default).
      const llmModule = config.strategy === 'llm' || flags.llm !== 'record' ? await import('../../llm/index.ts') : null;
      if (llmModule !== null && !(llmModule.LLM_MODES as readonly string[]).includes(flags.llm)) throw new UsageError(`--llm must be one of ${llmModule.LLM_MODES.join(', ')}, got "${flags.llm}"`);
      if (config.strategy !== 'llm' && flags.llm !== 'record') throw new UsageError(`--llm ${flags.llm} applies to --strategy llm only; ${config.strategy} asks no model`);
      const quiet = flags.quiet === true || flags.json === true;
      // Ctrl-C cancels the run as the API's cancel does: the engine stops after the slice in hand (a model call in
      // flight is awaited: it is paid for), the run is stored as cancelled and the answers received go to the decision
      // cache. A second Ctrl-C exits at once.
      const interrupt = new AbortController();
      const onSigint = () => {
        if (interrupt.signal.aborted) process.exit(130);
        interrupt.abort();
        note('\ninterrupted: stopping after the bar in hand and storing the run as cancelled (Ctrl-C again quits at once, keeping nothing more)');
      };
      process.on('SIGINT', onSigint);
      let llm: LlmServices | undefined;
      let done = 0;
      let report: BacktestReport;
      try {
        // A backtest reads stored bars: a missing database is named, never created empty.
        report = await withStore(
          flags.db,
          async (store) => {
            if (config.strategy === 'llm') {
              try {
                llm = llmModule!.createLlmServices(store, { mode: flags.llm as LlmMode, env: process.env });
              } catch (err) {
                throw new UsageError((err as Error).message);
              }
            }
            const bar = progressBar('backtest', quiet, llm ? llmDetail(llm, (config.symbols as string[]).length, Number(flags.param.every ?? 1)) : undefined);
            // A run is named by its config and data: an identical completed run is printed from the store rather than
            // executed again under the same id. --llm live asked for the model, so it always executes.
            const reuseStored = flags.rerun !== true && !(config.strategy === 'llm' && flags.llm === 'live');
            const onReused = (r: BacktestReport) =>
              note(`run ${r.runId} is already stored with this config and data: its stored result is shown (tradebook runs show ${r.runId}); --rerun executes it again`);
            const onProgress = (d: number, t: number) => {
              done = d;
              bar.update(d, t);
            };
            return runBacktest(store, config, { onProgress, llm, reuseStored, onReused, abort: interrupt.signal }).finally(() => bar.stop());
          },
          { mustExist: true },
        );
      } finally {
        process.off('SIGINT', onSigint);
      }
      if (flags.json) printJson(report);
      else printReport(report, flags.db);
      if (report.status === 'cancelled') {
        note(cancelledLine(report, done, llm, flags.json === true ? flags.db : null));
        process.exitCode = 130;
      }
    });
}

/** What a Ctrl-C kept: the run stored as cancelled and, for an llm run, the model answers written to the decision cache. */
function cancelledLine(r: BacktestReport, slicesDone: number, llm: LlmServices | undefined, db: string | undefined | null): string {
  const slices = (r.config as { data?: { slices?: number } }).data?.slices;
  // The human report already said how to see the run again (db null); after --json, this line says it.
  const again = db === null ? '' : ` (tradebook runs show ${r.runId}${db ? ` --db ${db}` : ''})`;
  const lines = [`cancelled: run ${r.runId} stored as cancelled after ${slicesDone.toLocaleString('en-US')}${slices === undefined ? '' : ` of ${slices.toLocaleString('en-US')}`} bars${again}`];
  if (llm !== undefined) {
    const p = llm.provider.progress;
    lines.push(
      `kept in the decision cache: the ${p.modelCalls.toLocaleString('en-US')} model answers received (${p.decisions.toLocaleString('en-US')} decisions made, ${p.cacheHits.toLocaleString('en-US')} from the cache, $${p.costUsd.toFixed(4)} at catalog prices); --llm record asks the model only for the rest`,
    );
  }
  return lines.join('\n');
}

/** The llm part of the progress line: decisions done of about how many, cache hits, tokens and dollars so far. */
function llmDetail(llm: LlmServices, symbols: number, every: number) {
  return (done: number, total: number) => {
    const p = llm.provider.progress;
    const expected = Math.ceil((total * symbols) / Math.max(1, every));
    return `decisions ${p.decisions.toLocaleString('en-US')} of ≈${expected.toLocaleString('en-US')} · cached ${p.cacheHits.toLocaleString('en-US')} · tokens ${(p.promptTokens + p.completionTokens).toLocaleString('en-US')} · $${p.costUsd.toFixed(4)}`;
  };
}

export function printReport(r: BacktestReport, db: string | undefined): void {
  console.log(`run ${r.runId} (${r.status})`);
  console.log(metricsTable([{ runId: 'value', metrics: r.metrics }], r.llm ? [r.llm] : undefined));
  const c = r.counts;
  if (r.llm) console.log(`\nllm ${String(r.llm.model)}: ${r.llm.decisions} decisions — BUY ${r.llm.buys}, SELL ${r.llm.sells}, HOLD ${r.llm.holds}, invalid_output ${r.llm.invalidOutputs}, unavailable ${r.llm.unavailable}`);
  console.log(`\nsignals ${c.signals}, approved ${c.approved}, risk-rejected ${c.riskRejected}, invalid ${c.invalid}; orders ${c.orders}: filled ${c.filled}, cancelled ${c.cancelled}, rejected ${c.brokerRejected}; fills ${c.fills}`);
  const rules = riskRulesLine(r);
  if (rules !== null) console.log(rules);
  const loud = r.llm ? modelFailureLine(r.runId, r.llm) : null;
  if (loud !== null) console.log(`\n${loud}`);
  // The model failure is said once, loudly, above; every other warning goes to stderr.
  const failure = r.llm ? modelFailureWarning(r.llm) : null;
  for (const w of r.warnings) if (w !== failure) note(`warning: ${w}`);
  const dbFlag = db ? ` --db ${db}` : '';
  note(`\nsee it again: tradebook runs show ${r.runId}${dbFlag}   ·   audit: tradebook journal show --run ${r.runId}${dbFlag}`);
}
