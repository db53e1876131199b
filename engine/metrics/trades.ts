import { finiteOrNull } from './stats.ts';

/** Round-trip statistics. */
export interface TradeStats {
  /** Number of closed round trips. */
  readonly trades: number;
  /** Winning trips (pnl > 0) / all trips; null when there are none. A break-even trip counts as not a win. */
  readonly winRate: number | null;
  /** Sum of positive pnl / |sum of negative pnl|; null when no trip lost money. */
  readonly profitFactor: number | null;
}

/** Win rate and profit factor of closed round trips (pnl net of fees). */
export function tradeStats(trades: readonly { readonly pnl: number }[]): TradeStats {
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (const t of trades) {
    if (t.pnl > 0) {
      wins++;
      grossProfit += t.pnl;
    } else if (t.pnl < 0) {
      grossLoss -= t.pnl;
    }
  }
  const n = trades.length;
  return {
    trades: n,
    winRate: n > 0 ? finiteOrNull(wins / n) : null,
    profitFactor: grossLoss > 0 ? finiteOrNull(grossProfit / grossLoss) : null,
  };
}
