// Test helpers: run the real engine over hand-made bars with a scripted strategy.
import { SimulatedBroker } from '../broker/simulated-broker.ts';
import { type FeeModel, noFee } from '../broker/fee-model.ts';
import { noSlippage, type SlippageModel } from '../broker/slippage-model.ts';
import type { Bar, Slice } from '../domain/bar.ts';
import { DAY_MS } from '../domain/time.ts';
import type { SignalInput } from '../domain/signal.ts';
import { memoryFeed } from '../feed/memory-feed.ts';
import { MemoryJournal } from '../journal/memory-journal.ts';
import type { Strategy, StrategyContext } from '../strategy/strategy.ts';
import { fixedClock } from './clock.ts';
import { runEngine, type EngineOptions, type RiskGate } from './engine.ts';

export const approveAll: RiskGate = { evaluate: () => ({ approved: true, verdicts: [], reason: null }) };

/** Daily bars from [open, high, low, close] tuples starting 2020-01-01, volume 1,000,000 unless given. */
export function dailyBars(symbol: string, rows: readonly (readonly number[])[], start = Date.UTC(2020, 0, 1)): Bar[] {
  return rows.map(([open, high, low, close, volume], i) => ({ symbol, ts: start + i * DAY_MS, open, high, low, close, volume: volume ?? 1_000_000 }));
}

/** A strategy that returns `script(barIndex, ctx)` at each slice's close (bar index counts slices from 0). */
export function scripted(script: (index: number, ctx: StrategyContext, slice: Slice) => SignalInput[] | undefined, warmup = 1): Strategy & { decidedAt: number[] } {
  let index = -1;
  const decidedAt: number[] = [];
  return {
    warmup,
    decidedAt,
    observe: () => {
      index++;
    },
    decide: (slice, ctx) => {
      decidedAt.push(index);
      return script(index, ctx, slice);
    },
  };
}

export interface ScriptedRunOptions {
  cash?: number;
  fees?: FeeModel;
  slippage?: SlippageModel;
  fillTiming?: 'next-open' | 'close';
  maxVolumePct?: number | null;
  fractional?: boolean;
  clipToCash?: boolean;
  closeAtEnd?: boolean;
  risk?: RiskGate;
  universe?: string[];
  journal?: MemoryJournal;
  end?: EngineOptions['end'];
  /** Any other engine option, over the defaults above (a feed of its own, progress, cadence…). */
  engine?: Partial<EngineOptions>;
}

export async function runScripted(bars: Bar[], strategy: Strategy, o: ScriptedRunOptions = {}) {
  const journal = o.journal ?? new MemoryJournal(fixedClock(0));
  const fees = o.fees ?? noFee;
  const result = await runEngine({
    runId: 'test',
    strategyName: 'scripted',
    feed: o.engine?.feed ?? memoryFeed(bars, { universe: o.universe }),
    strategy,
    broker: ({ portfolio, listener, runId }) =>
      new SimulatedBroker({ runId, portfolio, listener, fees, slippage: o.slippage ?? noSlippage, fillTiming: o.fillTiming ?? 'next-open', maxVolumePct: o.maxVolumePct ?? null, fractional: o.fractional ?? false, clipToCash: o.clipToCash, tradingDate: (ts) => ts - (ts % DAY_MS) }),
    risk: o.risk ?? approveAll,
    fees,
    journal,
    startingCash: o.cash ?? 100_000,
    seed: 1,
    fractional: o.fractional ?? false,
    clipToCash: o.clipToCash ?? false,
    tradingDate: (ts) => ts - (ts % DAY_MS),
    averageVolumeWindow: 20,
    closeAtEnd: o.closeAtEnd ?? false,
    start: { test: true },
    end: o.end,
    ...o.engine,
  });
  return { result, journal };
}

/** Market-order signal helpers. */
export const buy = (symbol: string, qty: number, extra: Partial<SignalInput> = {}): SignalInput => ({ symbol, action: 'BUY', size: { kind: 'quantity', value: qty }, ...extra });
export const sell = (symbol: string, qty: number, extra: Partial<SignalInput> = {}): SignalInput => ({ symbol, action: 'SELL', size: { kind: 'quantity', value: qty }, ...extra });
