import { z } from 'zod';
import type { Slice } from '../domain/bar.ts';
import type { SignalInput } from '../domain/signal.ts';
import type { Decision, Strategy, StrategyContext, StrategyDefinition, StrategyEnv } from './strategy.ts';
import { intParam, numberParam, ParamError, parseParams } from './params.ts';
import { RollingMean } from './rolling-mean.ts';

const ParamsSchema = z.object({ period: intParam(15, 1), stake: numberParam(10, 0, 1e9, true) });

type CloseVsSmaParams = z.output<typeof ParamsSchema>;

/**
 * backtrader's quickstart strategy, per symbol: with no open order, when flat BUY `stake` shares
 * if close > SMA(period); when long SELL the whole position if close < SMA(period). Shorts are
 * left alone. Warmup is `period` bars (the first SMA).
 */
export const closeVsSmaStrategy: StrategyDefinition = {
  name: 'close-vs-sma',
  description: 'Buy a fixed stake when the close is above its SMA, sell it when below (backtrader quickstart).',
  params: {
    period: 'SMA period in bars (default 15)',
    stake: 'shares bought on an entry (default 10)',
  },
  paramsSchema: ParamsSchema,
  create(params, env) {
    const p = parseParams('close-vs-sma', ParamsSchema, params);
    // A stake of 1.5 shares in a whole-share run would only ever be rejected at the broker, every one of its orders.
    if (env.fractional !== true && !Number.isInteger(p.stake)) throw new ParamError(`close-vs-sma: param stake=${JSON.stringify(params.stake)} is invalid: expected a whole number of shares (the run trades whole shares)`, 'stake');
    return new CloseVsSma(p, env);
  },
};

class CloseVsSma implements Strategy {
  readonly warmup: number;
  private readonly p: CloseVsSmaParams;
  private readonly universe: readonly string[];
  private readonly sma: RollingMean;
  private readonly buyWhy: string;
  private readonly sellWhy: string;

  constructor(params: CloseVsSmaParams, env: StrategyEnv) {
    this.p = params;
    this.warmup = params.period;
    this.universe = env.universe;
    this.sma = new RollingMean(env.universe.length, params.period);
    // Built once: formatting numbers per signal costs more than the whole indicator update.
    this.buyWhy = `flat and close > SMA(${params.period})`;
    this.sellWhy = `long and close < SMA(${params.period})`;
  }

  observe(slice: Slice): void {
    const { batch, start, end } = slice;
    for (let i = start; i < end; i++) this.sma.push(batch.symbol[i], batch.close[i]);
  }

  decide(slice: Slice, ctx: StrategyContext): Decision {
    const { batch, start, end } = slice;
    let out: SignalInput[] | undefined;
    for (let i = start; i < end; i++) {
      const s = batch.symbol[i];
      if (this.sma.count(s) < this.warmup || ctx.hasOpenOrder(s)) continue;
      const close = batch.close[i];
      const sma = this.sma.mean(s);
      const position = ctx.position(s);
      if (position === 0 && close > sma) {
        (out ??= []).push(this.signal(s, 'BUY', this.p.stake, this.buyWhy));
      } else if (position > 0 && close < sma) {
        (out ??= []).push(this.signal(s, 'SELL', position, this.sellWhy));
      }
    }
    return out;
  }

  private signal(s: number, action: 'BUY' | 'SELL', quantity: number, rationale: string): SignalInput {
    return { symbol: this.universe[s], action, size: { kind: 'quantity', value: quantity }, rationale };
  }
}
