// Test helpers for strategies: real bars from the shared data folder, a fake StrategyContext, and a
// driver that mimics the engine's slice loop without depending on engine/loop.
import { readFileSync } from 'node:fs';
import { batchFromBars, type Bar, type BarBatch, type Slice } from '../domain/bar.ts';
import type { SignalInput } from '../domain/signal.ts';
import { DAY_MS, parseTimestamp } from '../domain/time.ts';
import { memoryBatchFeed, memoryFeed } from '../feed/memory-feed.ts';
import type { Decision, Strategy, StrategyContext } from './strategy.ts';

/**
 * The market data folder the tests read (daily/, intraday/, reference/): $TRADEBOOK_DATA_DIR when set,
 * else ../shared/data beside the project. The one definition for the engine and data tests (engine/ may
 * not import tests/helpers.ts, and node:path is not an allowed engine import, hence the plain join).
 */
export const TEST_DATA_DIR = process.env.TRADEBOOK_DATA_DIR || `${import.meta.dirname}/../../../shared/data`;

/** Directory of the shared daily CSVs (`timestamp,open,high,low,close,volume`), with a trailing slash. */
export const DAILY_DATA_DIR = `${TEST_DATA_DIR}/daily/`;

/** Reads `<DAILY_DATA_DIR>/<symbol>.csv` with a minimal CSV reader (the files are plain numbers). */
export function readDailyBars(symbol: string): Bar[] {
  const lines = readFileSync(`${DAILY_DATA_DIR}${symbol}.csv`, 'utf8').trim().split('\n');
  return lines.slice(1).map((line) => {
    const [ts, open, high, low, close, volume] = line.split(',');
    return { symbol, ts: parseTimestamp(ts), open: +open, high: +high, low: +low, close: +close, volume: +volume };
  });
}

/** Daily bars of one symbol with open = high = low = close, from 2020-01-01 one day apart. */
export function barsFromCloses(symbol: string, closes: readonly number[], startTs = Date.UTC(2020, 0, 1)): Bar[] {
  return closes.map((close, k) => ({ symbol, ts: startTs + k * DAY_MS, open: close, high: close, low: close, close, volume: 1000 }));
}

/** Bars of several symbols merged into (ts, universe index) order. */
export function mergeBars(universe: readonly string[], ...lists: (readonly Bar[])[]): Bar[] {
  const rank = (b: Bar) => universe.indexOf(b.symbol);
  return lists.flat().sort((a, b) => a.ts - b.ts || rank(a) - rank(b));
}

/** A StrategyContext whose positions, open orders, cash and equity a test sets directly. */
export class FakeContext implements StrategyContext {
  readonly universe: readonly string[];
  cash = 100_000;
  equity = 100_000;
  now = NaN;
  /** What recordDecision was given, in order; a decision's sequence is its index here. */
  readonly decisions: { symbol: string | null; ts: number; data: unknown }[] = [];
  private readonly warmup: number;
  private readonly seen: Int32Array;
  private readonly positions: Float64Array;
  private readonly open: Uint8Array;
  private seed: number;

  constructor(universe: readonly string[], warmup: number, seed = 1) {
    this.universe = universe;
    this.warmup = warmup;
    this.seen = new Int32Array(universe.length);
    this.positions = new Float64Array(universe.length);
    this.open = new Uint8Array(universe.length);
    this.seed = seed >>> 0;
  }

  symbolIndex(symbol: string): number {
    return this.universe.indexOf(symbol);
  }
  barsSeen(symbolIndex: number): number {
    return this.seen[symbolIndex];
  }
  isWarm(symbolIndex: number): boolean {
    return this.seen[symbolIndex] >= this.warmup;
  }
  position(symbolIndex: number): number {
    return this.positions[symbolIndex];
  }
  hasOpenOrder(symbolIndex: number): boolean {
    return this.open[symbolIndex] === 1;
  }
  recordDecision(symbol: string | null, data: unknown): number {
    return this.decisions.push({ symbol, ts: this.now, data }) - 1;
  }
  /** mulberry32: deterministic from the seed. */
  random(): number {
    let t = (this.seed = (this.seed + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  setPosition(symbol: string, shares: number): void {
    this.positions[this.index(symbol)] = shares;
  }
  setOpenOrder(symbol: string, open = true): void {
    this.open[this.index(symbol)] = open ? 1 : 0;
  }
  /** The harness counts each bar before observe, as the engine does. */
  countBar(symbolIndex: number): void {
    this.seen[symbolIndex]++;
  }
  private index(symbol: string): number {
    const i = this.universe.indexOf(symbol);
    if (i < 0) throw new Error(`FakeContext: ${symbol} is not in the universe`);
    return i;
  }
}

/** A signal with when it was emitted and how many bars its symbol had then (-1: not in the universe). */
export interface Emitted {
  readonly ts: number;
  readonly barsSeen: number;
  /** The signal as emitted (a caused signal's raw output, possibly invalid, cast for the test to inspect). */
  readonly signal: SignalInput;
  /** For a caused signal: the decision it came from and, when the strategy found it invalid, why. */
  readonly causeSeq?: number;
  readonly invalid?: string;
}

/** A decision's items as plain signals, caused ones unwrapped. */
export function unwrapDecision(decision: Decision): Emitted['signal'][] {
  return (decision ?? []).map((item) => ('causeSeq' in item ? (item.signal as SignalInput) : item));
}

export interface HarnessOptions {
  readonly ctx?: FakeContext;
  /** `close`: fill every emitted signal at once at its symbol's close (market semantics, whole shares); `none`: positions change only through the test. */
  readonly fills?: 'none' | 'close';
  /** Rows per feed batch, to cross batch boundaries. */
  readonly batchSize?: number;
}

export interface HarnessRun {
  readonly emitted: Emitted[];
  readonly slices: number;
  readonly decideCalls: number;
  /** Most bars any symbol of the slice had at the first decide call (NaN when decide was never called). */
  readonly firstDecideBars: number;
  readonly ctx: FakeContext;
}

/** Drives `strategy` over `bars` like the engine: one reused Slice; count bars, observe, decide if any symbol in the slice is warm, fill. */
export async function runStrategy(strategy: Strategy, bars: readonly Bar[] | BarBatch, universe: readonly string[], options: HarnessOptions = {}): Promise<HarnessRun> {
  const ctx = options.ctx ?? new FakeContext(universe, strategy.warmup);
  const lastClose = new Float64Array(universe.length).fill(NaN);
  const emitted: Emitted[] = [];
  let slices = 0;
  let decideCalls = 0;
  let firstDecideBars = NaN;
  const batchSize = options.batchSize ?? 1000;
  const feed = 'ts' in bars ? memoryBatchFeed(bars, universe, '1Day', batchSize) : memoryFeed(bars, { universe, batchSize });
  const slice: { ts: number; batch: Slice['batch']; start: number; end: number } = { ts: 0, batch: undefined as never, start: 0, end: 0 };
  for await (const batch of feed.batches()) {
    for (let start = 0; start < batch.length; ) {
      let end = start + 1;
      while (end < batch.length && batch.ts[end] === batch.ts[start]) end++;
      Object.assign(slice, { ts: batch.ts[start], batch, start, end });
      ctx.now = batch.ts[start];
      let warm = false;
      for (let i = start; i < end; i++) {
        ctx.countBar(batch.symbol[i]);
        lastClose[batch.symbol[i]] = batch.close[i];
        warm ||= ctx.isWarm(batch.symbol[i]);
      }
      ctx.equity = ctx.cash + universe.reduce((sum, _, s) => sum + (ctx.position(s) === 0 ? 0 : ctx.position(s) * lastClose[s]), 0);
      slices++;
      strategy.observe(slice);
      if (warm) {
        if (decideCalls++ === 0) firstDecideBars = Math.max(...Array.from(batch.symbol.subarray(start, end), (s) => ctx.barsSeen(s)));
        for (const item of (await strategy.decide(slice, ctx)) ?? []) {
          const caused = 'causeSeq' in item ? item : null;
          const signal = caused === null ? (item as SignalInput) : (caused.signal as SignalInput);
          const s = universe.indexOf(signal?.symbol);
          emitted.push({ ts: slice.ts, barsSeen: s < 0 ? -1 : ctx.barsSeen(s), signal, ...(caused && { causeSeq: caused.causeSeq, invalid: caused.invalid }) });
          if (options.fills === 'close' && s >= 0 && caused?.invalid === undefined) fillAtClose(ctx, s, signal, lastClose[s]);
        }
      }
      start = end;
    }
  }
  return { emitted, slices, decideCalls, firstDecideBars, ctx };
}

function fillAtClose(ctx: FakeContext, s: number, signal: SignalInput, price: number): void {
  if (!(price > 0) || !signal.size || signal.action === 'HOLD') return;
  const held = ctx.position(s);
  const sign = signal.action === 'BUY' ? 1 : -1;
  const { kind, value } = signal.size;
  const target = kind === 'target_weight' ? Math.trunc((value * ctx.equity) / price) : held + sign * (kind === 'quantity' ? value : Math.trunc(value / price));
  ctx.cash -= (target - held) * price;
  ctx.setPosition(ctx.universe[s], target);
}

/**
 * Steps a strategy one slice at a time so a test can change the context between slices:
 * each call takes the bars of one timestamp, counts them, observes, and decides if any is warm.
 */
export function sliceStepper(strategy: Strategy, universe: readonly string[], ctx = new FakeContext(universe, strategy.warmup)) {
  return async (bars: readonly Bar[]): Promise<SignalInput[]> => {
    const batch = batchFromBars(bars, universe);
    const slice: Slice = { ts: bars[0].ts, batch, start: 0, end: batch.length };
    ctx.now = slice.ts;
    let warm = false;
    for (let i = 0; i < batch.length; i++) {
      ctx.countBar(batch.symbol[i]);
      warm ||= ctx.isWarm(batch.symbol[i]);
    }
    strategy.observe(slice);
    const decision: Decision = warm ? await strategy.decide(slice, ctx) : undefined;
    return unwrapDecision(decision);
  };
}
