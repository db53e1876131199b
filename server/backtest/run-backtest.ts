import { createHash } from 'node:crypto';
import {
  barsPerYear,
  bpsSlippage,
  canonicalJson,
  combinedFee,
  createRiskManager,
  DAY_MS,
  fixedFee,
  formatTimestamp,
  noSlippage,
  nyTradingDate,
  canonicalParams,
  ParamError,
  parseLlmParams,
  modelSettingsOf,
  percentFee,
  perShareFee,
  runEngine,
  SimulatedBroker,
  strategyByName,
  type EngineResult,
  type FeeModel,
  type Feed,
  type Journal,
  type Metrics,
  type StrategyEnv,
  type Timeframe,
} from '../../engine/index.ts';
import { readSymbolNames, StoreError, type RunWriter, type Store } from '../../data/index.ts';
import type { LlmServices } from '../llm/index.ts';
import { type BacktestConfig, ConfigError, parseBacktestConfig } from './backtest-config.ts';
import { coverageWarnings, holeRule } from './coverage-warnings.ts';
import { modelFailureWarning } from './llm-warning.ts';
import { buildReport, type BacktestReport } from './report.ts';
import { claimRun } from './run-claims.ts';
import { runMetrics } from './run-metrics.ts';

/** Version of the engine conventions a run record was made with; bump when results would change. */
// 2: reports gained data-coverage warnings and risk rejections by rule, and run.end carries the metrics.
// 3: a hole in a symbol's bars is warned about, and momentum does not rank a symbol across one.
export const ENGINE_CONVENTIONS = 'tradebook-engine/3';

export interface RunBacktestOptions {
  readonly onProgress?: (slicesDone: number, slicesTotal: number) => void;
  readonly abort?: AbortSignal;
  /** Wall clock for the run record's createdAt (the result itself never depends on it). */
  readonly now?: () => number;
  /** Store the run and journal it (default true). */
  readonly persist?: boolean;
  /** Journal to use instead of the store's (tests). */
  readonly journal?: Journal;
  /**
   * Model access for the llm strategy (mode, cache, endpoint). Default: record mode from the environment
   * (answers from the decision cache, the model asked only on a miss).
   */
  readonly llm?: LlmServices;
  /**
   * Longest run (equity points) whose equity values stay in memory for the metrics' second pass while the curve
   * streams to the store (8 bytes a point); a longer one reads them back from the store. Default 2,097,152.
   */
  readonly keepEquityUpTo?: number;
  /**
   * A run is named by what it computes (config and data), so an identical run already stored as completed is
   * answered from the store, byte for byte, instead of executing again under the same id (a second execution
   * would journal a second set of orders with the same ids). Off by default: tests and benchmarks execute.
   */
  readonly reuseStored?: boolean;
  /** Told when the report came from the store instead of an execution. */
  readonly onReused?: (report: BacktestReport) => void;
}

/** Extra context for runBacktestOnFeed: the strategy's services and the model facts for the run record. */
export interface FeedRunServices {
  readonly strategyEnv?: Omit<StrategyEnv, 'universe' | 'timeframe'>;
  readonly llm?: LlmServices;
  /**
   * Where the run is stored while it runs, opened once the run id is known: the equity curve streams into it
   * instead of being held whole, and the metrics' second pass reads it back. Without it the curve stays in memory.
   */
  readonly openWriter?: (runId: string) => Promise<RunWriter>;
  /** Called once the run id is known, before anything is read or written under it: may wait (see claimRun). */
  readonly claim?: (runId: string) => Promise<void>;
}

/** The stored report of a completed run with this id, if there is one: returned instead of executing. */
type StoredReport = (runId: string) => Promise<BacktestReport | null>;

/** The fee model a config describes: the sum of its percent, per-share (with minimum) and fixed parts. */
export function feeModelOf(c: BacktestConfig['commission']): FeeModel {
  const parts: FeeModel[] = [];
  if (c.pct > 0) parts.push(percentFee(c.pct / 100));
  if (c.perShare > 0 || c.min > 0) parts.push(perShareFee(c.perShare, c.min));
  if (c.fixed > 0) parts.push(fixedFee(c.fixed));
  return combinedFee(parts);
}

/** Resolves `to` as an inclusive bound: a bare date includes that whole day. */
function bounds(config: BacktestConfig): { from?: number; to?: number } {
  const parse = (s: string) => (s.length === 10 ? Date.parse(`${s}T00:00:00Z`) : Date.parse(s));
  return {
    from: config.from === null ? undefined : parse(config.from),
    to: config.to === null ? undefined : config.to.length === 10 ? parse(config.to) + DAY_MS - 1 : parse(config.to),
  };
}

/** A feed plus what the run record needs to know about the bars it will read. */
export type DescribedFeed = Feed & { readonly count: number; readonly slices: number; readonly fingerprint: string; readonly firstTs: number; readonly lastTs: number };

export interface FeedRun {
  readonly report: BacktestReport;
  readonly result: EngineResult;
  readonly config: BacktestConfig;
  readonly fullConfig: Record<string, unknown>;
  /** The writer openWriter gave, with the curve appended: the caller commits or aborts it. */
  readonly writer: RunWriter | null;
}

/** The report of an identical run already stored as completed (see RunBacktestOptions.reuseStored). */
export interface ReusedRun {
  readonly reused: BacktestReport;
}

/**
 * Runs one backtest on the store's bars: the application service behind `tradebook backtest` and
 * `POST /api/backtests`. Same config and same data → byte-identical report (the run id is derived from both).
 */
export async function runBacktest(store: Store, input: unknown, options: RunBacktestOptions = {}): Promise<BacktestReport> {
  let config = parseBacktestConfig(input);
  const { from, to } = bounds(config);
  if (from !== undefined && to !== undefined && from > to) throw new ConfigError([{ path: 'from', message: `${config.from} is after the end date ${config.to}` }]);
  if (new Set(config.symbols).size !== config.symbols.length) throw new ConfigError([{ path: 'symbols', message: `a symbol is listed twice: ${config.symbols.join(',')}` }]);
  // The strategy validates its params (and reads its inputs) before any data is read.
  let definition;
  try {
    definition = strategyByName(config.strategy);
  } catch (err) {
    throw new ConfigError([{ path: 'strategy', message: (err as Error).message }]);
  }
  let services: FeedRunServices = {};
  if (config.strategy === 'llm') {
    let llm: LlmServices;
    try {
      // Loaded only for llm runs: the model client's imports cost every other backtest startup time.
      llm = options.llm ?? (await import('../llm/index.ts')).createLlmServices(store, { mode: 'record', env: process.env });
    } catch (err) {
      throw new ConfigError([{ path: 'params', message: `llm: ${(err as Error).message}` }]);
    }
    // The environment's default model is written into the params, so the run id and record name the model used.
    if (config.params.model === undefined && llm.settings.defaultModel !== null) config = { ...config, params: { ...config.params, model: llm.settings.defaultModel } };
    services = { llm, strategyEnv: { models: llm.provider, symbolNames: await readSymbolNames(store, config.symbols) } };
  }
  try {
    definition.create(config.params, { ...services.strategyEnv, universe: config.symbols, timeframe: config.timeframe as Timeframe, fractional: config.fractional });
    definition.inputs?.(config.params);
  } catch (err) {
    throw new ConfigError([{ path: err instanceof ParamError ? `params.${err.param}` : 'params', message: (err as Error).message }]);
  }
  // The engine never keeps a batch past the next one, so the feed refills two sets of arrays instead of allocating.
  let feed;
  try {
    feed = await store.openFeed({ symbols: config.symbols, timeframe: config.timeframe as Timeframe, from, to, session: config.session, reuseBatches: true });
  } catch (err) {
    // A symbol with no bars of the timeframe is the request's mistake: named as the field, like any other.
    if (err instanceof StoreError && err.code === 'not_found') {
      // Every symbol stored under another timeframe: the timeframe is what to change.
      const stored = new Set((await store.listSeries()).map((s) => s.symbol));
      throw new ConfigError([{ path: config.symbols.every((s) => stored.has(s)) ? 'timeframe' : 'symbols', message: err.message }]);
    }
    throw err;
  }
  if (feed.count === 0) {
    await feed.close();
    const message = `no ${config.timeframe} bars for ${config.symbols.join(',')} between ${config.from ?? 'the start'} and ${config.to ?? 'the end'}`;
    throw new ConfigError(config.from !== null || config.to !== null ? [{ path: config.from !== null ? 'from' : 'to', message }] : [{ path: 'symbols', message }]);
  }
  const journal = options.journal ?? store.journal();
  const persist = options.persist ?? true;
  let writer: RunWriter | null = null;
  const openWriter = async (runId: string) => (writer = await store.beginRun(runId));
  // A stored llm run some of whose model calls failed is asked again (outside replay, which would only repeat the
  // recorded failures): the caller wants the model's answers, and record mode re-asks exactly the failed calls.
  const retryFailedCalls = options.llm !== undefined && options.llm.mode !== 'replay';
  const storedReport =
    options.reuseStored === true && persist
      ? async (runId: string) => {
          const report = await completedReport(store, runId);
          return report !== null && retryFailedCalls && Number(report.llm?.unavailable ?? 0) > 0 ? null : report;
        }
      : undefined;
  let run: FeedRun;
  let release: (() => void) | undefined;
  const claim = async (runId: string) => {
    release = await claimRun(store, runId);
  };
  try {
    try {
      const ran = await runBacktestOnFeed(feed, config, { ...options, journal }, { ...services, openWriter: persist ? openWriter : undefined, storedReport, claim });
      if ('reused' in ran) {
        options.onReused?.(ran.reused);
        return ran.reused;
      }
      run = ran;
    } finally {
      // Release the replay's read snapshot before the run is written; keep what the model answered even if the run failed.
      await feed.close();
      await services.llm?.provider.flush();
    }
    const { result, fullConfig } = run;
    let { report } = run;
    const missing = services.llm?.provider.progress.missing ?? 0;
    if (missing > 0) {
      const llm = services.llm!;
      const asked = llm.provider.progress.decisions;
      throw new Error(
        `--llm ${llm.mode}: ${missing} of ${asked} decisions are not in the decision cache for model ${String(config.params.model)} ` +
          `(first prompt ${llm.provider.firstMissing}); run ${report.runId} was not stored (its journal ends it as failed: tradebook journal show --run ${report.runId}). ` +
          (llm.mode === 'replay' ? 'Record them first with --llm record (needs OPENAI_BASE_URL).' : 'Configure a model endpoint (OPENAI_BASE_URL) to fill them.'),
      );
    }
    // A re-execution stopped part-way never replaces a completed run stored under the same id: the completed one is
    // whole (and a live model's answers may not come back alike), the stopped one a fragment. Its journal still tells it.
    const keepsStored = run.writer !== null && result.status !== 'completed' && (await completedReport(store, report.runId)) !== null;
    if (keepsStored) {
      report = { ...report, warnings: [...report.warnings, `this re-execution was ${result.status} and not stored: the completed run ${report.runId} stored earlier is kept (tradebook runs show ${report.runId})`] };
    } else if (run.writer !== null) {
      await run.writer.commit({
        runId: report.runId,
        createdAt: (options.now ?? Date.now)(),
        status: result.status === 'completed' ? 'completed' : 'cancelled',
        strategy: config.strategy,
        symbols: config.symbols,
        timeframe: config.timeframe as Timeframe,
        fromTs: feed.firstTs,
        toTs: feed.lastTs,
        config: fullConfig,
        metrics: report.metrics,
        result: report,
      });
    }
    return report;
  } finally {
    // A run that failed or was refused leaves nothing stored; after a commit this is a no-op.
    try {
      await (writer as RunWriter | null)?.abort();
    } finally {
      release?.();
    }
  }
}

/** The report of a run stored as completed under this id, or null (none, or cancelled: those run again). */
async function completedReport(store: Store, runId: string): Promise<BacktestReport | null> {
  let run;
  try {
    run = await store.getRun(runId);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'not_found') return null;
    throw err;
  }
  return run.status === 'completed' ? (run.result as BacktestReport) : null;
}

/** Runs a parsed config on a feed with a journal: no store needed (benchmarks, tests, paper replays). */
export async function runBacktestOnFeed(
  feed: DescribedFeed,
  config: BacktestConfig,
  options: RunBacktestOptions & { journal: Journal },
  services: FeedRunServices & { readonly storedReport: StoredReport | undefined },
): Promise<FeedRun | ReusedRun>;
export async function runBacktestOnFeed(feed: DescribedFeed, config: BacktestConfig, options: RunBacktestOptions & { journal: Journal }, services?: FeedRunServices): Promise<FeedRun>;
export async function runBacktestOnFeed(feed: DescribedFeed, config: BacktestConfig, options: RunBacktestOptions & { journal: Journal }, services: FeedRunServices & { readonly storedReport?: StoredReport } = {}): Promise<FeedRun | ReusedRun> {
  const timeframe = config.timeframe as Timeframe;
  const definition = strategyByName(config.strategy);
  // One spelling of the params (05 is 5, defaults written out): the run id covers them, so one run has one id.
  if (definition.paramsSchema !== undefined) config = { ...config, params: canonicalParams(config.strategy, definition.paramsSchema, config.params, definition.fileParams) };
  const strategy = definition.create(config.params, { ...services.strategyEnv, riskLimits: setLimits(config.risk), universe: config.symbols, timeframe, fractional: config.fractional });
  // What the strategy reads besides bars is part of what the run id covers.
  const strategyInputs = definition.inputs?.(config.params) ?? {};
  const fees = feeModelOf(config.commission);
  const perYear = barsPerYear(timeframe);
  const conventions = {
    engine: ENGINE_CONVENTIONS,
    fillTiming: config.fill,
    sizing: config.fractional ? 'fractional shares (1e-6)' : 'whole shares',
    allIn: 'target weight ±1 of equity, sized at the fill price after closing any opposite position; never spends more cash than there is, fees included',
    fees: fees.describe,
    feeRounding: 'cents, half away from zero, per fill',
    slippage: config.slippageBps > 0 ? `${config.slippageBps} bps against the trader, clamped to the bar` : 'none',
    limitStopFills: 'first bar that touches the price; at the open when the bar gaps through',
    bracketOrder: 'stop-loss matched before take-profit when one bar touches both',
    barsPerYear: perYear,
    tradingDays: timeframe === '1Day' ? 'bar dates' : 'America/New_York calendar dates',
  };
  const data = { fingerprint: feed.fingerprint, bars: feed.count, slices: feed.slices, firstTs: formatTimestamp(feed.firstTs), lastTs: formatTimestamp(feed.lastTs) };
  const llm = services.llm === undefined ? null : llmFacts(services.llm, config, feed);
  const fullConfig = { ...config, strategyInputs, conventions, data, ...(llm && { llm: llm.config }) };
  const runId = `bt-${createHash('sha256').update(canonicalJson(fullConfig)).digest('hex').slice(0, 16)}`;
  await services.claim?.(runId);
  const stored = await services.storedReport?.(runId);
  if (stored != null) return { reused: stored };
  const tradingDate = timeframe === '1Day' ? (ts: number) => ts - (((ts % DAY_MS) + DAY_MS) % DAY_MS) : nyTradingDate;
  const writer = services.openWriter === undefined ? null : await services.openWriter(runId);
  const measure = runMetrics(writer, { cash: config.cash, barsPerYear: perYear, riskFreeRate: config.riskFreeRate, slices: feed.slices, keepEquityUpTo: options.keepEquityUpTo ?? 2_097_152 });

  let ended: { metrics: Metrics; warnings: string[] } | undefined;
  const runWarnings = (r: EngineResult) => warningsOf(r, strategy, feed, llm === null ? [] : [llm.warning, modelFailureWarning(strategy.stats?.())]);
  const result = await runEngine({
    runId,
    strategyName: config.strategy,
    feed,
    strategy,
    broker: ({ portfolio, listener, runId: id }) =>
      new SimulatedBroker({
        runId: id,
        portfolio,
        listener,
        fees,
        slippage: config.slippageBps > 0 ? bpsSlippage(config.slippageBps) : noSlippage,
        fillTiming: config.fill,
        maxVolumePct: config.maxVolumePct,
        fractional: config.fractional,
        clipToCash: config.clipToCash,
        tradingDate,
      }),
    risk: createRiskManager(config.risk),
    fees,
    journal: options.journal,
    startingCash: config.cash,
    seed: config.seed,
    fractional: config.fractional,
    clipToCash: config.clipToCash,
    tradingDate,
    // Trailing volume is only kept when a rule reads it.
    averageVolumeWindow: config.risk.minAverageDailyVolume === null ? 0 : config.risk.averageVolumeWindow,
    closeAtEnd: config.closeAtEnd,
    start: { config: fullConfig, ...(llm && { lookAhead: llm.lookAhead }) },
    expectedSlices: feed.slices,
    holes: holeRule(timeframe === '1Day'),
    equitySink: measure.sink,
    // A backtest's journal is stored in a few large commits rather than one per batch (each commit costs a WAL
    // write and sync: 154 of them were half of a 10M-bar replay's wall time), never more than ~16k entries held.
    journalFlushSlices: 262_144,
    journalFlushEntries: 16_384,
    // The metrics and warnings go into run.end as well as the run record, so `journal verify` can hold one to the other.
    end: async (r) => {
      ended = { metrics: await measure.metrics(r), warnings: runWarnings(r) };
      return ended;
    },
    // A run missing model decisions is not stored (runBacktest refuses it), so its run.end says failed, with why.
    refusal: () => {
      const missing = services.llm?.provider.progress.missing ?? 0;
      return missing > 0 ? `decisions_missing: ${missing} of ${services.llm!.provider.progress.decisions} decisions are not in the decision cache; the run was not stored` : null;
    },
    onProgress: options.onProgress ? (done) => options.onProgress!(done, feed.slices) : undefined,
    abort: options.abort,
  });
  const { metrics, warnings } = ended!;
  const strategyStats = strategy.stats?.();
  const extra = llm ? { llm: { ...strategyStats, lookAhead: llm.lookAhead } } : {};
  return { report: buildReport(runId, fullConfig, metrics, result, warnings, extra), result, config, fullConfig, writer };
}

/** What a run tells its reader beside the numbers: data that does not span the run, signals that never traded, model exposure. */
function warningsOf(result: EngineResult, strategy: object, feed: DescribedFeed, llmWarnings: readonly (string | null)[]): string[] {
  const model = llmWarnings.filter((w): w is string => w !== null);
  // A run cancelled before its first slice saw no data: nothing to say about its coverage or its signals.
  if (result.status === 'cancelled' && result.equity.length === 0) return model;
  // A cancelled run ends at the last slice it reached, not at the feed's last bar.
  const warnings: string[] = coverageWarnings(result, feed.firstTs, result.status === 'cancelled' ? result.equity.lastTs : feed.lastTs);
  const unmatched = 'unmatched' in strategy && typeof strategy.unmatched === 'function' ? (strategy.unmatched() as readonly { line: number; ts: number }[]) : [];
  if (unmatched.length > 0) {
    const lines = unmatched.slice(0, 10).map((u) => `line ${u.line} (${formatTimestamp(u.ts)})`);
    warnings.push(`${unmatched.length} signal row(s) never matched a bar of their symbol in the run and were not traded: ${lines.join(', ')}${unmatched.length > 10 ? ', …' : ''}`);
  }
  if (result.counts.signals === 0 && result.counts.holds === 0 && result.counts.invalid === 0 && result.counts.decisions === 0) warnings.push('the strategy emitted no signal: is the period longer than its warm-up?');
  // Orders that all ended unfilled (cash too small for one share, limits never touched) leave a flat 0 % run whose
  // reason would otherwise sit only in the journal.
  if (result.counts.orders > 0 && result.counts.fills === 0) {
    const first = result.orders.find((o) => o.reason !== null);
    warnings.push(`no order filled: all ${result.counts.orders} ended cancelled or rejected${first ? `; the first (${first.status}): ${first.reason}` : ''}`);
  }
  return [...warnings, ...model];
}

/** Risk limits that are set (not null or off), for a strategy that tells a model what it must respect. */
function setLimits(limits: BacktestConfig['risk']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== null && v !== false));
}

/**
 * What an llm run depends on besides its params (the model's prices and knowledge cutoff), and whether its bars fall
 * before that cutoff: then the model may have seen what happened next, and the run says so.
 */
function llmFacts(services: LlmServices, config: BacktestConfig, feed: DescribedFeed) {
  const settings = modelSettingsOf(parseLlmParams(config.params));
  const info = services.catalog.info(settings.model);
  const cutoffTs = info.knowledgeCutoff === null ? NaN : Date.parse(`${info.knowledgeCutoff}T00:00:00Z`);
  const exposed = Number.isNaN(cutoffTs) ? null : feed.firstTs < cutoffTs;
  const lookAhead = { knowledgeCutoff: info.knowledgeCutoff, exposed, firstBar: formatTimestamp(feed.firstTs), lastBar: formatTimestamp(feed.lastTs) };
  const warning =
    exposed === null
      ? `model ${settings.model} has no known knowledge cutoff, so look-ahead exposure was not checked: add it to TRADEBOOK_LLM_MODELS`
      : exposed
        ? `look-ahead exposure: bars from ${lookAhead.firstBar} fall before ${settings.model}'s knowledge cutoff ${info.knowledgeCutoff}; the model may have seen what happened next, so these results can be too good`
        : null;
  return {
    config: { model: settings.model, decoding: { maxTokens: settings.maxTokens, seed: settings.seed, temperature: settings.temperature }, prices: { inputPerMillion: info.inputPerMillion, outputPerMillion: info.outputPerMillion }, knowledgeCutoff: info.knowledgeCutoff },
    lookAhead,
    warning,
  };
}
