import type { Side } from '../domain/order.ts';

/** SlippageModel port: the price a fill gets after market impact, always against the trader. */
export interface SlippageModel {
  readonly describe: string;
  apply(price: number, side: Side): number;
}

/** Basis points against the trader: buys pay more, sells get less. */
export function bpsSlippage(bps: number): SlippageModel {
  if (!Number.isFinite(bps) || bps < 0) throw new Error(`slippage must be a finite number of basis points >= 0, got ${bps}`);
  const f = bps / 10_000;
  return { describe: `${bps} bps`, apply: (price, side) => (side === 'buy' ? price * (1 + f) : price * (1 - f)) };
}

export const noSlippage: SlippageModel = { describe: 'none', apply: (price) => price };
