import type { Broker, BrokerListener } from '../broker/broker.ts';
import type { FeeModel } from '../broker/fee-model.ts';
import type { BarBatch, Slice } from '../domain/bar.ts';
import type { Fill, Order, RoundTrip } from '../domain/order.ts';
import type { Feed } from '../feed/feed.ts';
import type { Journal } from '../journal/journal.ts';
import { Portfolio } from '../portfolio/portfolio.ts';
import type { RiskDecision, Proposal, RiskView } from '../risk/risk-rule.ts';
import type { Strategy } from '../strategy/strategy.ts';
import { AccountState } from './account-state.ts';
import { EquityCurve, type EquitySink } from './equity-curve.ts';
import { DecisionPipeline, type RunCounts, type Rejection } from './decision-pipeline.ts';
import { createRng } from './rng.ts';

/** The risk gate as the engine sees it. */
export interface RiskGate {
  evaluate(proposal: Proposal, view: RiskView): RiskDecision;
}

/** Everything one run needs, injected: the same kernel runs backtest, paper and live. */
export interface EngineOptions {
  readonly runId: string;
  /** Journal actor name for the strategy's entries. */
  readonly strategyName: string;
  readonly feed: Feed;
  readonly strategy: Strategy;
  /** Builds the broker once the engine has made the portfolio and the listener. */
  readonly broker: (deps: { portfolio: Portfolio; listener: BrokerListener; runId: string }) => Broker;
  readonly risk: RiskGate;
  /** Used to estimate fees for the risk gate; the broker charges with its own model. */
  readonly fees: FeeModel;
  readonly journal: Journal;
  readonly startingCash: number;
  readonly seed: number;
  readonly fractional: boolean;
  /** Mirror of the broker's clip-to-cash convention, so the risk gate judges the quantity the broker will trade. */
  readonly clipToCash?: boolean;
  /** Trading date (UTC ms at 00:00) of a bar timestamp: rolls daily loss limits and day orders. */
  readonly tradingDate: (ts: number) => number;
  /** Bars in the trailing average-volume window of the risk view (0: volume is not tracked). */
  readonly averageVolumeWindow: number;
  /** Close every open position at the last bar's close. */
  readonly closeAtEnd: boolean;
  /** Payload of the run.start journal entry (config and data fingerprint). */
  readonly start: unknown;
  /** Slices the feed will deliver, when known: sizes the equity curve once. */
  readonly expectedSlices?: number;
  /**
   * Where the equity curve goes while the run goes on (a slab at a time, between batches); the result's curve
   * then holds only its last points. Without one the whole curve stays in memory.
   */
  readonly equitySink?: EquitySink;
  /**
   * Flush the journal once at least this many slices have passed since the last flush (checked between
   * batches; default 1: every batch). Backtests can flush rarely; live runs should flush every slice.
   * A flush overlaps the next batch and is awaited before the next flush and before the run returns.
   */
  readonly journalFlushSlices?: number;
  /**
   * Also flush once at least this many entries were appended since the last flush (checked between batches;
   * default: no limit). With a high journalFlushSlices it bounds the entries held in memory by a busy run.
   */
  readonly journalFlushEntries?: number;
  /**
   * More of the run.end payload, computed from the result before run.end is journalled (e.g. the run's metrics and
   * warnings), so the journal holds what the run record will. Its keys are added beside the engine's own.
   */
  readonly end?: (result: EngineResult) => Promise<Readonly<Record<string, unknown>>>;
  /**
   * Why the caller will not keep this run although it executed to the end (e.g. a replay missing model decisions),
   * or null: asked after `end`, and a reason makes run.end say status `failed` with it as the error, so the journal
   * never claims a completed run that was not stored. The result itself keeps the engine's status.
   */
  readonly refusal?: (result: EngineResult) => string | null;
  /**
   * Told the slices done so far: after every batch, at least every `progressEverySlices` slices within one, and
   * after each slice whose decision was awaited (a model call), so a slow strategy shows steady progress.
   */
  readonly onProgress?: (slicesDone: number) => void;
  /** Slices between progress reports within a batch (default 1024); a counter, never a clock. */
  readonly progressEverySlices?: number;
  readonly abort?: AbortSignal;
  /**
   * What counts as a hole between two consecutive bars of a symbol: more than `minMs` between them, or at least
   * `minMissedSlices` slices of the run inside (bars other symbols had). Default: none is looked for.
   */
  readonly holes?: { readonly minMs: number; readonly minMissedSlices: number };
}

/** The bars one symbol had in the run: how many, and the first and last bar's time (NaN when it had none). */
export interface SymbolCoverage {
  readonly symbol: string;
  readonly bars: number;
  readonly firstTs: number;
  readonly lastTs: number;
  /** Holes in the symbol's bars (see EngineOptions.holes), in time order: the first MAX_HOLES of them. */
  readonly holes: readonly Hole[];
  /** Holes found, including any past the first MAX_HOLES. */
  readonly holeCount: number;
}

/** A stretch between two consecutive bars of a symbol (the bars either side), and the slices of the run inside it. */
export interface Hole {
  readonly fromTs: number;
  readonly toTs: number;
  /** Bar times other symbols had while this one had none. */
  readonly missedSlices: number;
}

/** Holes kept per symbol: a patchy intraday series could have thousands. */
export const MAX_HOLES = 20;

export interface EngineResult {
  readonly status: 'completed' | 'cancelled';
  readonly universe: readonly string[];
  /** The equity curve: whole when no equitySink was given (`kept`), else its points from `offset` on. */
  readonly equity: EquityCurve;
  /** Slices at whose close some position was open. */
  readonly exposedBars: number;
  readonly bars: number;
  readonly fills: readonly Fill[];
  readonly orders: readonly Order[];
  readonly trades: readonly RoundTrip[];
  readonly openPositions: readonly { symbol: string; qty: number; lastPrice: number; side: 'long' | 'short'; entryTs: number; entryPrice: number }[];
  readonly rejections: readonly Rejection[];
  readonly counts: RunCounts;
  /** Signals the risk gate rejected, by the name of each rule that failed (one rejection can fail several rules). */
  readonly riskRejectionsByRule: Readonly<Record<string, number>>;
  /** Per symbol of the universe, in universe order: the span of its bars in the run. */
  readonly coverage: readonly SymbolCoverage[];
  readonly cash: number;
  readonly fees: number;
  /** First and last close of the universe's first symbol over the run's bars (the benchmark). */
  readonly benchmark: { readonly firstClose: number; readonly lastClose: number };
}

const EMPTY_BATCH: BarBatch = { length: 0, ts: new Float64Array(0), symbol: new Int32Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) };

/**
 * Steps slice by slice: broker fills at the new bars → portfolio marked at the closes → strategy observes and
 * decides → signals parsed → risk gate → orders submitted → journal. No look-ahead: a decision at t sees bars ≤ t.
 */
export async function runEngine(o: EngineOptions): Promise<EngineResult> {
  const universe = o.feed.universe;
  const portfolio = new Portfolio(universe, o.startingCash);
  const account = new AccountState(portfolio, o.tradingDate, o.averageVolumeWindow);
  // Counts the pipeline's appends when a flush depends on them.
  let appended = 0;
  const source = o.journal;
  const counted: Journal = o.journalFlushEntries === undefined ? source : { append: (draft) => (appended++, source.append(draft)), flush: () => source.flush() };
  const pipeline = new DecisionPipeline({ runId: o.runId, actor: o.strategyName, journal: counted, risk: o.risk, fees: o.fees, fractional: o.fractional, clipToCash: o.clipToCash ?? false, portfolio, account });
  const broker = o.broker({ portfolio, listener: pipeline.brokerListener, runId: o.runId });
  pipeline.attach(broker);
  const curve = new EquityCurve(o.expectedSlices ?? 1024, o.equitySink);
  const barsSeen = new Int32Array(universe.length);
  const firstSeen = new Float64Array(universe.length).fill(NaN);
  const lastSeen = new Float64Array(universe.length).fill(NaN);
  // Per symbol: the slice of its last bar, and the holes between two of its bars.
  const lastSlice = new Int32Array(universe.length);
  const holes: Hole[][] = universe.map(() => []);
  const holeCount = new Int32Array(universe.length);
  const holeMinMs = o.holes?.minMs ?? Number.POSITIVE_INFINITY;
  const holeMinMissed = o.holes?.minMissedSlices ?? Number.POSITIVE_INFINITY;
  const warmup = o.strategy.warmup;
  const random = createRng(o.seed);
  const ctx = pipeline.context(barsSeen, warmup, random);
  const slice = { ts: 0, batch: EMPTY_BATCH, start: 0, end: 0 };
  let exposedBars = 0;
  let bars = 0;
  let firstClose = NaN;
  let lastClose = NaN;
  let status: EngineResult['status'] = 'completed';

  o.journal.append({ runId: o.runId, kind: 'run.start', actor: 'engine', ts: null, symbol: null, orderId: null, data: o.start });
  const { strategy, abort } = o;
  const flushEvery = o.journalFlushSlices ?? 1;
  const { onProgress } = o;
  const progressEvery = onProgress === undefined ? Number.POSITIVE_INFINITY : Math.max(1, o.progressEverySlices ?? 1024);
  // Counts slices down to the next progress report within a batch; an awaited decision brings the report forward.
  let untilProgress = progressEvery;
  const flushEntries = o.journalFlushEntries ?? Number.POSITIVE_INFINITY;
  let flushedAt = 0;
  let appendedAtFlush = 0;
  // A flush runs while the next batch is computed (the store's commit works off the JS thread); the next
  // flush first waits for it, so at most one batch of entries is in flight and a failure stops the run there.
  let flushing: Promise<void> | null = null;
  const settle = async () => {
    const f = flushing;
    flushing = null;
    if (f !== null) await f;
  };
  // A broken invariant (or a sink that cannot store the curve) stops the run; the journal still says why before the error goes on.
  const failed = async (err: unknown): Promise<never> => {
    await settle().catch(() => undefined);
    await curve.abandon();
    const message = err instanceof Error ? err.message : String(err);
    o.journal.append({ runId: o.runId, kind: 'run.end', actor: 'engine', ts: curve.length > 0 ? curve.lastTs : null, symbol: null, orderId: null, data: { error: message, slices: curve.length, status: 'failed' } });
    await o.journal.flush();
    throw err;
  };
  try {
    outer: for await (const batch of o.feed.batches()) {
      if (abort?.aborted) {
        status = 'cancelled';
        break;
      }
      slice.batch = batch;
      const { ts: tsCol, symbol: symCol, close: closeCol } = batch;
      let start = 0;
      while (start < batch.length) {
        const ts = tsCol[start];
        let end = start + 1;
        while (end < batch.length && tsCol[end] === ts) end++;
        slice.ts = ts;
        slice.start = start;
        slice.end = end;
        account.open(slice);
        broker.process(slice);
        portfolio.mark(slice);
        strategy.observe(slice);
        let anyWarm = false;
        const sliceNo = curve.length;
        for (let r = start; r < end; r++) {
          const i = symCol[r];
          if (barsSeen[i] === 0) firstSeen[i] = ts;
          else if (ts - lastSeen[i] > holeMinMs || sliceNo - lastSlice[i] - 1 >= holeMinMissed) {
            if (holeCount[i]++ < MAX_HOLES) holes[i].push({ fromTs: lastSeen[i], toTs: ts, missedSlices: sliceNo - lastSlice[i] - 1 });
          }
          lastSeen[i] = ts;
          lastSlice[i] = sliceNo;
          if (++barsSeen[i] >= warmup) anyWarm = true;
        }
        // Rows are in symbol order, so the benchmark symbol (index 0), when present, is the slice's first row.
        if (symCol[start] === 0) {
          lastClose = closeCol[start];
          if (firstClose !== firstClose) firstClose = lastClose;
        }
        if (anyWarm) {
          const decided = strategy.decide(slice, ctx);
          let signals;
          if (decided instanceof Promise) {
            signals = await decided;
            if (onProgress !== undefined) untilProgress = 1;
          } else signals = decided;
          if (signals !== undefined && signals.length > 0) pipeline.handle(signals, slice);
        }
        const equity = portfolio.equity();
        if (!Number.isFinite(equity)) throw new Error(`equity became ${equity} at ${new Date(ts).toISOString()}: a non-finite price reached the portfolio`);
        curve.push(ts, equity);
        account.close(equity);
        if (portfolio.isExposed()) exposedBars++;
        bars += end - start;
        start = end;
        if (--untilProgress === 0) {
          untilProgress = progressEvery;
          onProgress!(curve.length);
        }
        if (abort !== undefined && abort.aborted) {
          status = 'cancelled';
          break outer;
        }
      }
      if (onProgress !== undefined) {
        untilProgress = progressEvery;
        onProgress(curve.length);
      }
      await curve.drain();
      if (curve.length - flushedAt >= flushEvery || appended - appendedAtFlush >= flushEntries) {
        await settle();
        flushing = o.journal.flush();
        flushing.catch(() => undefined); // awaited by settle(); never an unhandled rejection meanwhile
        flushedAt = curve.length;
        appendedAtFlush = appended;
      }
    }
    await settle();
  } catch (err) {
    return failed(err);
  }
  // A cancel breaks out mid-batch: say where it stopped.
  if (status === 'cancelled') onProgress?.(curve.length);

  const lastTs = curve.length > 0 ? curve.lastTs : 0;
  const endSlice: Slice = { ts: lastTs, batch: EMPTY_BATCH, start: 0, end: 0 };
  if (o.closeAtEnd && status === 'completed') {
    for (const s of [...portfolio.heldSymbols()]) broker.liquidate(s, endSlice, 'close at end of run');
    if (curve.length > 0) curve.setLast(portfolio.equity());
  }
  try {
    await curve.finish();
  } catch (err) {
    return failed(err);
  }
  broker.cancelAll(status === 'completed' ? 'run ended before the order filled' : 'run cancelled', lastTs);
  const openTrips = portfolio.trips.openTrips();
  const result: EngineResult = {
    status,
    universe,
    equity: curve,
    exposedBars,
    bars,
    fills: pipeline.fills,
    orders: broker.allOrders(),
    trades: portfolio.trips.closed,
    openPositions: openTrips.map((t) => {
      const i = universe.indexOf(t.symbol);
      return { ...t, qty: portfolio.qty[i], lastPrice: portfolio.lastPrice[i] };
    }),
    rejections: pipeline.rejections,
    counts: pipeline.counts,
    riskRejectionsByRule: pipeline.riskRejectionsByRule(),
    coverage: universe.map((symbol, i) => ({
      symbol,
      bars: barsSeen[i],
      firstTs: firstSeen[i],
      lastTs: lastSeen[i],
      holes: holes[i],
      holeCount: holeCount[i],
    })),
    cash: portfolio.cash,
    fees: portfolio.feesPaid,
    benchmark: { firstClose, lastClose },
  };
  let more: Readonly<Record<string, unknown>> = {};
  try {
    if (o.end !== undefined) more = await o.end(result);
  } catch (err) {
    return failed(err);
  }
  let refused: string | null;
  try {
    refused = o.refusal?.(result) ?? null;
  } catch (err) {
    return failed(err);
  }
  const outcome = refused === null ? { status } : { status: 'failed', error: refused };
  o.journal.append({
    runId: o.runId,
    kind: 'run.end',
    actor: 'engine',
    ts: curve.length > 0 ? lastTs : null,
    symbol: null,
    orderId: null,
    data: { ...more, ...outcome, slices: curve.length, bars, finalEquity: curve.length > 0 ? curve.lastEquity : o.startingCash, cash: portfolio.cash, counts: pipeline.counts },
  });
  await o.journal.flush();
  return result;
}
