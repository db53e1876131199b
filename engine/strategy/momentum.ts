import { z } from 'zod';
import type { Slice } from '../domain/bar.ts';
import { HOLE_MS } from '../domain/hole.ts';
import type { SignalInput } from '../domain/signal.ts';
import type { Decision, Strategy, StrategyContext, StrategyDefinition, StrategyEnv } from './strategy.ts';
import { CloseWindows } from './close-windows.ts';
import { intParam, parseParams } from './params.ts';

const ParamsSchema = z.object({ lookback: intParam(126, 1), top: intParam(3, 1), rebalance: intParam(21, 1) });

type MomentumParams = z.output<typeof ParamsSchema>;

/**
 * Cross-sectional momentum rotation. On the first decision and every `rebalance` slices after
 * it, ranks the symbols that have a bar in the slice and at least lookback + 1 bars by trailing
 * return close[t] / close[t − lookback] − 1 (ties: symbol name, ascending code units), leaving out
 * a symbol whose last lookback + 1 bars span more than lookback + max(5, ⌈lookback / 10⌉) slices or
 * have more than ten calendar days between two of them (a hole in its data, whether or not other
 * symbols traded through it: its "lookback-bar" return would reach back years), holds the
 * best `top` at target weight 1/top each (fewer candidates leave the rest in cash) and exits
 * every other held symbol, including held symbols with no bar in the slice. Exits come first.
 * A held symbol's signal is a BUY when its current weight is at or below 1/top, else a SELL.
 */
export const momentumStrategy: StrategyDefinition = {
  name: 'momentum',
  description: 'Rotate into the top N symbols by trailing return every few bars, equal weight.',
  params: {
    lookback: 'trailing return window in bars (default 126)',
    top: 'number of symbols held, each at target weight 1/top (default 3)',
    rebalance: 'slices between rebalances, counted from the first decision (default 21)',
  },
  paramsSchema: ParamsSchema,
  create(params, env) {
    return new Momentum(parseParams('momentum', ParamsSchema, params), env);
  },
};

class Momentum implements Strategy {
  readonly warmup: number;
  private readonly p: MomentumParams;
  private readonly universe: readonly string[];
  private readonly closes: CloseWindows;
  /** The slice number of each kept close, to tell a window of consecutive bars from one across a hole. */
  private readonly sliceOf: CloseWindows;
  /** Most slices a ranked symbol's lookback window may span. */
  private readonly maxSpan: number;
  /** Per symbol: its last bar's time, and the slice of its first bar after more than HOLE_MS without one (-1: none). */
  private readonly lastTs: Float64Array;
  private readonly afterHole: Int32Array;
  /** Position of each symbol in name order, for tie-breaks. */
  private readonly nameRank: Int32Array;
  private readonly candidates: Int32Array;
  private readonly returns: Float64Array;
  private readonly selected: Uint8Array;
  private slices = 0;
  private nextRebalance = -1;

  constructor(params: MomentumParams, env: StrategyEnv) {
    const n = env.universe.length;
    this.p = params;
    this.warmup = params.lookback + 1;
    this.universe = env.universe;
    this.closes = new CloseWindows(n, params.lookback + 1);
    this.sliceOf = new CloseWindows(n, params.lookback + 1);
    this.maxSpan = params.lookback + Math.max(5, Math.ceil(params.lookback / 10));
    this.lastTs = new Float64Array(n).fill(Number.NaN);
    this.afterHole = new Int32Array(n).fill(-1);
    const byName = [...env.universe.keys()].sort((a, b) => compareText(env.universe[a], env.universe[b]));
    this.nameRank = new Int32Array(n);
    byName.forEach((s, rank) => (this.nameRank[s] = rank));
    this.candidates = new Int32Array(n);
    this.returns = new Float64Array(n);
    this.selected = new Uint8Array(n);
  }

  observe(slice: Slice): void {
    const { batch, start, end } = slice;
    for (let i = start; i < end; i++) {
      const s = batch.symbol[i];
      if (slice.ts - this.lastTs[s] > HOLE_MS) this.afterHole[s] = this.slices;
      this.lastTs[s] = slice.ts;
      this.closes.push(s, batch.close[i]);
      this.sliceOf.push(s, this.slices);
    }
    this.slices++;
  }

  decide(slice: Slice, ctx: StrategyContext): Decision {
    const current = this.slices - 1;
    if (this.nextRebalance < 0) this.nextRebalance = current;
    if (current < this.nextRebalance) return undefined;
    while (this.nextRebalance <= current) this.nextRebalance += this.p.rebalance;
    return this.rebalance(slice, ctx);
  }

  private rebalance(slice: Slice, ctx: StrategyContext): Decision {
    const { batch, start, end } = slice;
    const current = this.slices - 1;
    const { lookback, top } = this.p;
    let m = 0;
    for (let i = start; i < end; i++) {
      const s = batch.symbol[i];
      if (this.closes.count(s) < this.warmup) continue;
      const windowStart = this.sliceOf.back(s, lookback);
      if (current - windowStart > this.maxSpan || windowStart < this.afterHole[s]) continue;
      const r = batch.close[i] / this.closes.back(s, lookback) - 1;
      this.returns[s] = Number.isNaN(r) ? -Infinity : r;
      this.candidates[m++] = s;
    }
    // Partial selection sort: only the best `top` need ordering.
    const k = Math.min(top, m);
    for (let a = 0; a < k; a++) {
      let best = a;
      for (let b = a + 1; b < m; b++) if (this.ranksBefore(this.candidates[b], this.candidates[best])) best = b;
      const t = this.candidates[a];
      this.candidates[a] = this.candidates[best];
      this.candidates[best] = t;
    }
    this.selected.fill(0);
    for (let a = 0; a < k; a++) this.selected[this.candidates[a]] = 1;

    const out: SignalInput[] = [];
    for (let s = 0; s < this.universe.length; s++) {
      const position = ctx.position(s);
      if (this.selected[s] === 1 || position === 0) continue;
      out.push(this.signal(s, position > 0 ? 'SELL' : 'BUY', 0, `not in the top ${top} by ${lookback}-bar return`));
    }
    const target = 1 / top;
    const equity = ctx.equity;
    // Reductions before additions: the broker matches orders in submission order, so the cash a
    // sell frees is there when the buys of the same rebalance are sized.
    for (const buying of [false, true]) {
      for (let a = 0; a < k; a++) {
        const s = this.candidates[a];
        const weight = equity > 0 ? (ctx.position(s) * this.closes.back(s, 0)) / equity : 0;
        if (weight <= target !== buying) continue;
        const why = `rank ${a + 1} by ${lookback}-bar return ${(this.returns[s] * 100).toFixed(2)}%`;
        out.push(this.signal(s, buying ? 'BUY' : 'SELL', target, why));
      }
    }
    return out.length > 0 ? out : undefined;
  }

  /** Higher return first; equal returns in name order. */
  private ranksBefore(a: number, b: number): boolean {
    const ra = this.returns[a];
    const rb = this.returns[b];
    return ra > rb || (ra === rb && this.nameRank[a] < this.nameRank[b]);
  }

  private signal(s: number, action: 'BUY' | 'SELL', weight: number, rationale: string): SignalInput {
    return { symbol: this.universe[s], action, size: { kind: 'target_weight', value: weight }, rationale };
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
