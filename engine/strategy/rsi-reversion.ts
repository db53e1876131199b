import { z } from 'zod';
import type { Slice } from '../domain/bar.ts';
import type { SignalInput } from '../domain/signal.ts';
import type { Decision, Strategy, StrategyContext, StrategyDefinition, StrategyEnv } from './strategy.ts';
import { intParam, numberParam, parseParams } from './params.ts';
import { WilderRsi } from './wilder-rsi.ts';

const ParamsSchema = z
  .object({ period: intParam(14, 1), lower: numberParam(30, 0, 100), upper: numberParam(70, 0, 100) })
  .superRefine((p, ctx) => {
    if (p.lower >= p.upper) ctx.addIssue({ code: 'custom', path: ['lower'], message: `a number less than upper (${p.upper})` });
  });

type RsiReversionParams = z.output<typeof ParamsSchema>;

/**
 * RSI mean reversion over a basket. Per symbol, with no open order: when flat and Wilder
 * RSI(period) < lower, BUY target weight 1 / universe size; when long and RSI > upper, exit
 * (SELL target weight 0). Warmup is period + 1 bars (the first RSI needs `period` changes).
 */
export const rsiReversionStrategy: StrategyDefinition = {
  name: 'rsi-reversion',
  description: "Buy oversold symbols (Wilder RSI below lower), exit when overbought (above upper); 1/N of equity each.",
  params: {
    period: 'RSI period in bars (default 14)',
    lower: 'buy when RSI falls below this, 0..100 (default 30)',
    upper: 'exit when RSI rises above this, 0..100, greater than lower (default 70)',
  },
  paramsSchema: ParamsSchema,
  create(params, env) {
    return new RsiReversion(parseParams('rsi-reversion', ParamsSchema, params), env);
  },
};

class RsiReversion implements Strategy {
  readonly warmup: number;
  private readonly p: RsiReversionParams;
  private readonly universe: readonly string[];
  private readonly rsi: WilderRsi;
  private readonly weight: number;
  private readonly buyWhy: string;
  private readonly sellWhy: string;

  constructor(params: RsiReversionParams, env: StrategyEnv) {
    this.p = params;
    this.warmup = params.period + 1;
    this.universe = env.universe;
    this.rsi = new WilderRsi(env.universe.length, params.period);
    this.weight = 1 / env.universe.length;
    this.buyWhy = `flat and RSI(${params.period}) < ${params.lower}`;
    this.sellWhy = `long and RSI(${params.period}) > ${params.upper}`;
  }

  observe(slice: Slice): void {
    const { batch, start, end } = slice;
    for (let i = start; i < end; i++) this.rsi.update(batch.symbol[i], batch.close[i]);
  }

  decide(slice: Slice, ctx: StrategyContext): Decision {
    const { batch, start, end } = slice;
    const { lower, upper } = this.p;
    let out: SignalInput[] | undefined;
    for (let i = start; i < end; i++) {
      const s = batch.symbol[i];
      if (this.rsi.count(s) < this.warmup || ctx.hasOpenOrder(s)) continue;
      const rsi = this.rsi.value(s);
      const position = ctx.position(s);
      if (position === 0 && rsi < lower) {
        (out ??= []).push(this.signal(s, 'BUY', this.weight, this.buyWhy));
      } else if (position > 0 && rsi > upper) {
        (out ??= []).push(this.signal(s, 'SELL', 0, this.sellWhy));
      }
    }
    return out;
  }

  private signal(s: number, action: 'BUY' | 'SELL', weight: number, rationale: string): SignalInput {
    return { symbol: this.universe[s], action, size: { kind: 'target_weight', value: weight }, rationale };
  }
}
