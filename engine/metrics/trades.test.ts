import { expect, test } from 'vitest';
import { tradeStats } from './trades.ts';

test.each([
  // wins 100, 50 (2 of 5); gross profit 150; gross loss |−30 − 20| = 50; pf 3; the 0 trip is neither
  { name: 'mixed', pnl: [100, -30, 50, -20, 0], expected: { trades: 5, winRate: 0.4, profitFactor: 3 } },
  // no losing trip: profit factor undefined
  { name: 'all winners', pnl: [10, 5], expected: { trades: 2, winRate: 1, profitFactor: null } },
  // gross profit 0 / gross loss 15 = 0
  { name: 'all losers', pnl: [-10, -5], expected: { trades: 2, winRate: 0, profitFactor: 0 } },
  { name: 'no trades', pnl: [], expected: { trades: 0, winRate: null, profitFactor: null } },
])('$name', ({ pnl, expected }) => {
  expect(tradeStats(pnl.map((p) => ({ pnl: p })))).toEqual(expected);
});
