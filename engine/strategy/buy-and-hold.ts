import { z } from 'zod';
import type { Slice } from '../domain/bar.ts';
import type { SignalInput } from '../domain/signal.ts';
import type { Decision, Strategy, StrategyContext, StrategyDefinition, StrategyEnv } from './strategy.ts';
import { numberParam, parseParams } from './params.ts';

// At most 1: sizing never spends more cash than there is, so a weight of 2 would buy what 1 buys.
const ParamsSchema = z.object({ weight: numberParam(1, 0, 1, true) });

/**
 * Buys each symbol once, at target weight `weight / universe size`, on its first bar where it
 * is flat with no open order; then never trades it again (even if that order is rejected).
 */
export const buyAndHoldStrategy: StrategyDefinition = {
  name: 'buy-and-hold',
  description: 'Buy every symbol of the universe once at an equal share of the weight, then hold.',
  params: { weight: 'total target weight of equity, split equally across the symbols (default 1)' },
  paramsSchema: ParamsSchema,
  create(params, env) {
    return new BuyAndHold(parseParams('buy-and-hold', ParamsSchema, params).weight, env);
  },
};

class BuyAndHold implements Strategy {
  readonly warmup = 1;
  private readonly universe: readonly string[];
  private readonly weight: number;
  private readonly bought: Uint8Array;

  constructor(weight: number, env: StrategyEnv) {
    this.universe = env.universe;
    this.weight = weight / env.universe.length;
    this.bought = new Uint8Array(env.universe.length);
  }

  observe(): void {}

  decide(slice: Slice, ctx: StrategyContext): Decision {
    const { batch, start, end } = slice;
    let out: SignalInput[] | undefined;
    for (let i = start; i < end; i++) {
      const s = batch.symbol[i];
      if (this.bought[s] === 1 || ctx.position(s) !== 0 || ctx.hasOpenOrder(s)) continue;
      this.bought[s] = 1;
      (out ??= []).push({
        symbol: this.universe[s],
        action: 'BUY',
        size: { kind: 'target_weight', value: this.weight },
        rationale: 'buy and hold',
      });
    }
    return out;
  }
}
