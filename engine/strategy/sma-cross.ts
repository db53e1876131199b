import { z } from 'zod';
import type { Slice } from '../domain/bar.ts';
import type { SignalInput } from '../domain/signal.ts';
import type { Decision, Strategy, StrategyContext, StrategyDefinition, StrategyEnv } from './strategy.ts';
import { boolParam, intParam, parseParams } from './params.ts';
import { RollingMean } from './rolling-mean.ts';

const ParamsSchema = z
  .object({ fast: intParam(10, 1), slow: intParam(30, 2), short: boolParam(false) })
  .superRefine((p, ctx) => {
    if (p.fast >= p.slow) ctx.addIssue({ code: 'custom', path: ['fast'], message: `an integer less than slow (${p.slow})` });
  });

type SmaCrossParams = z.output<typeof ParamsSchema>;

/**
 * Moving-average crossover. A cross up is fast SMA strictly below slow SMA on the symbol's
 * previous bar and strictly above on this bar; a cross down mirrors it. Equal SMAs are never a
 * cross, so a path below → equal → above does not trigger. Cross up → BUY target weight 1;
 * cross down → exit a long (SELL target weight 0), or with `short=true` SELL target weight −1.
 * Warmup is slow + 1 bars: the first cross needs the slow SMA on the previous bar too.
 */
export const smaCrossStrategy: StrategyDefinition = {
  name: 'sma-cross',
  description: 'Fast/slow simple moving average crossover, long-only or long/short, all-in.',
  params: {
    fast: 'fast SMA period in bars (default 10)',
    slow: 'slow SMA period in bars, greater than fast (default 30)',
    short: 'true to go short on a cross down instead of only exiting (default false)',
  },
  paramsSchema: ParamsSchema,
  create(params, env) {
    return new SmaCross(parseParams('sma-cross', ParamsSchema, params), env);
  },
};

class SmaCross implements Strategy {
  readonly warmup: number;
  private readonly p: SmaCrossParams;
  private readonly universe: readonly string[];
  private readonly fastSma: RollingMean;
  private readonly slowSma: RollingMean;
  /** Latest and previous SMAs per symbol (NaN until defined, so comparisons are false). */
  private readonly fast: Float64Array;
  private readonly slow: Float64Array;
  private readonly prevFast: Float64Array;
  private readonly prevSlow: Float64Array;
  private readonly upWhy: string;
  private readonly downWhy: string;

  constructor(params: SmaCrossParams, env: StrategyEnv) {
    this.p = params;
    this.universe = env.universe;
    this.warmup = params.slow + 1;
    const n = env.universe.length;
    this.fastSma = new RollingMean(n, params.fast);
    this.slowSma = new RollingMean(n, params.slow);
    this.fast = new Float64Array(n).fill(NaN);
    this.slow = new Float64Array(n).fill(NaN);
    this.prevFast = new Float64Array(n).fill(NaN);
    this.prevSlow = new Float64Array(n).fill(NaN);
    // Built once: formatting numbers per signal costs more than the indicator update.
    this.upWhy = `SMA(${params.fast}) crossed above SMA(${params.slow})`;
    this.downWhy = `SMA(${params.fast}) crossed below SMA(${params.slow})`;
  }

  observe(slice: Slice): void {
    const { batch, start, end } = slice;
    for (let i = start; i < end; i++) {
      const s = batch.symbol[i];
      const close = batch.close[i];
      this.fastSma.push(s, close);
      this.slowSma.push(s, close);
      this.prevFast[s] = this.fast[s];
      this.prevSlow[s] = this.slow[s];
      this.fast[s] = this.fastSma.mean(s);
      this.slow[s] = this.slowSma.mean(s);
    }
  }

  decide(slice: Slice, ctx: StrategyContext): Decision {
    const { batch, start, end } = slice;
    let out: SignalInput[] | undefined;
    for (let i = start; i < end; i++) {
      const s = batch.symbol[i];
      if (this.slowSma.count(s) < this.warmup) continue;
      const f = this.fast[s];
      const sl = this.slow[s];
      // A flip is an exit and then an entry, two signals: the risk gate can refuse the new side
      // (no shorting, margin) without trapping the position it is leaving.
      if (this.prevFast[s] < this.prevSlow[s] && f > sl) {
        if (ctx.position(s) < 0) (out ??= []).push(this.signal(s, 'BUY', 0, this.upWhy));
        (out ??= []).push(this.signal(s, 'BUY', 1, this.upWhy));
      } else if (this.prevFast[s] > this.prevSlow[s] && f < sl) {
        if (ctx.position(s) > 0) (out ??= []).push(this.signal(s, 'SELL', 0, this.downWhy));
        if (this.p.short) (out ??= []).push(this.signal(s, 'SELL', -1, this.downWhy));
      }
    }
    return out;
  }

  private signal(s: number, action: 'BUY' | 'SELL', weight: number, rationale: string): SignalInput {
    return { symbol: this.universe[s], action, size: { kind: 'target_weight', value: weight }, rationale };
  }
}
