import { describe, expect, test } from 'vitest';
import { buy, dailyBars, runScripted, scripted, sell } from '../loop/test-kit.ts';
import { fixedFee, percentFee, perShareFee } from './fee-model.ts';
import { bpsSlippage } from './slippage-model.ts';

describe('stops, limits and gaps', () => {
  test('buy stop 10.00 placed after bar 1, bar 2 opens at 12 (H 12.2 L 7.8): fills at 12.00', async () => {
    const bars = dailyBars('AAA', [
      [9, 9.5, 8.5, 9],
      [12, 12.2, 7.8, 11],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 100, { orderType: 'stop', stopPrice: 10 })] : undefined));
    const { result } = await runScripted(bars, s);
    expect(result.fills.map((f) => f.price)).toEqual([12]);
  });

  test('long 100 at 100 with a sell stop 95, next bar O 90 H 92 L 88: exit at 90.00, P&L -1,000', async () => {
    const bars = dailyBars('AAA', [
      [99, 101, 98, 100],
      [100, 101, 99, 100],
      [90, 92, 88, 91],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 100)] : i === 1 ? [sell('AAA', 100, { orderType: 'stop', stopPrice: 95 })] : undefined));
    const { result } = await runScripted(bars, s);
    expect(result.fills.map((f) => f.price)).toEqual([100, 90]);
    expect(result.trades[0].pnl).toBeCloseTo(-1000, 9);
  });

  test('buy stop-limit (stop 113, limit 115), bar O 113.40 H 114.30 L 112.70: fills inside the bar, never at 115', async () => {
    const bars = dailyBars('AAA', [
      [110, 111, 109, 110],
      [113.4, 114.3, 112.7, 114],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 10, { orderType: 'stop_limit', stopPrice: 113, limitPrice: 115 })] : undefined));
    const { result } = await runScripted(bars, s);
    expect(result.fills).toHaveLength(1);
    const p = result.fills[0].price;
    expect(p).toBeGreaterThanOrEqual(112.7);
    expect(p).toBeLessThanOrEqual(114.3);
    expect(p).not.toBe(115);
    // triggered at the open (113.40 ≥ 113) and the open is within the limit: fills at the open
    expect(p).toBe(113.4);
  });

  test.each([
    // [side, limit, bar [O,H,L,C], expected price (NaN = no fill)]
    ['buy', 50, [49, 51, 48, 50], 49], // opens below the limit: the open
    ['buy', 50, [52, 53, 49.5, 51], 50], // touches from above: the limit
    ['buy', 50, [52, 53, 50.5, 51], NaN], // never touches
    ['sell', 50, [51, 52, 49, 50], 51], // opens above: the open
    ['sell', 50, [48, 50.5, 47, 49], 50],
  ] as const)('limit %s at %d against %j fills at %d', async (side, limit, bar, expected) => {
    const bars = dailyBars('AAA', [[50, 50, 50, 50], bar as unknown as number[]]);
    const make = side === 'buy' ? buy : sell;
    const s = scripted((i) => (i === 0 ? [make('AAA', 1, { orderType: 'limit', limitPrice: limit })] : undefined));
    const { result } = await runScripted(bars, s, { risk: undefined });
    if (Number.isNaN(expected)) expect(result.fills).toHaveLength(0);
    else expect(result.fills[0].price).toBe(expected);
  });

  test('no fill price ever leaves the bar, even with slippage', async () => {
    const bars = dailyBars('AAA', [
      [100, 100, 100, 100],
      [100, 100.01, 99.99, 100],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 1)] : undefined));
    const { result } = await runScripted(bars, s, { slippage: bpsSlippage(50) });
    // 50 bps would be 100.50; the bar's high caps it
    expect(result.fills[0].price).toBe(100.01);
  });

  test('slippage in bps goes against the trader on stops too', async () => {
    const bars = dailyBars('AAA', [
      [100, 101, 99, 100],
      [100, 101, 99, 100],
      [97, 98, 90, 95],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 10)] : i === 1 ? [sell('AAA', 10, { orderType: 'stop', stopPrice: 96 })] : undefined));
    const { result } = await runScripted(bars, s, { slippage: bpsSlippage(10) });
    // buy at 100 × 1.001 = 100.10; stop touched intrabar at 96 → 96 × 0.999 = 95.904
    expect(result.fills[0].price).toBeCloseTo(100.1, 10);
    expect(result.fills[1].price).toBeCloseTo(95.904, 10);
  });
});

describe('fees and cash', () => {
  test('$4.95 flat per order, buy 15 at 67.30: cash falls by 1,014.45', async () => {
    const bars = dailyBars('AAA', [
      [67, 68, 66, 67],
      [67.3, 68, 67, 67.5],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 15)] : undefined));
    const { result } = await runScripted(bars, s, { cash: 10_000, fees: fixedFee(4.95) });
    // 15 × 67.30 = 1,009.50 + 4.95 = 1,014.45
    expect(10_000 - result.cash).toBeCloseTo(1014.45, 9);
  });

  test('0.4 % per side, buy 100 at 20.00, sell 100 at 20.20: net P&L 3.92', async () => {
    const bars = dailyBars('AAA', [
      [20, 20, 20, 20],
      [20, 20.5, 19.5, 20.1],
      [20.2, 20.5, 20, 20.3],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 100)] : i === 1 ? [sell('AAA', 100)] : undefined));
    const { result } = await runScripted(bars, s, { fees: percentFee(0.004) });
    // fees 8.00 + 8.08; gross 20.00 → 3.92
    expect(result.trades[0].pnl).toBeCloseTo(3.92, 9);
    expect(result.fees).toBeCloseTo(16.08, 9);
  });

  test('cash 10,000, price 10.90, 0.2 %: 916 is rejected with the amounts; all-in sizes to 915', async () => {
    const bars = dailyBars('AAA', [
      [10.9, 10.9, 10.9, 10.9],
      [10.9, 10.9, 10.9, 10.9],
    ]);
    const rejected = await runScripted(bars, scripted((i) => (i === 0 ? [buy('AAA', 916)] : undefined)), { cash: 10_000, fees: percentFee(0.002) });
    expect(rejected.result.orders[0].status).toBe('rejected');
    expect(rejected.result.orders[0].reason).toContain('need 10,004.37, have 10,000.00');
    expect(rejected.result.rejections.map((r) => r.stage)).toEqual(['broker']);

    const fits = await runScripted(bars, scripted((i) => (i === 0 ? [buy('AAA', 915)] : undefined)), { cash: 10_000, fees: percentFee(0.002) });
    expect(fits.result.fills[0].qty).toBe(915);

    const clipped = await runScripted(bars, scripted((i) => (i === 0 ? [buy('AAA', 916)] : undefined)), { cash: 10_000, fees: percentFee(0.002), clipToCash: true });
    expect(clipped.result.fills[0].qty).toBe(915);

    const allIn = await runScripted(bars, scripted((i) => (i === 0 ? [{ symbol: 'AAA', action: 'BUY', size: { kind: 'target_weight', value: 1 } }] : undefined)), { cash: 10_000, fees: percentFee(0.002) });
    expect(allIn.result.fills[0].qty).toBe(915);
    expect(allIn.result.cash).toBeGreaterThanOrEqual(0);
  });

  test('per share with a minimum per order is charged once across partial fills', async () => {
    const bars = dailyBars('AAA', [
      [10, 10, 10, 10, 100],
      [10, 10, 10, 10, 100],
      [10, 10, 10, 10, 100],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 20)] : undefined));
    const { result } = await runScripted(bars, s, { fees: perShareFee(0.005, 1), maxVolumePct: 10 });
    // two fills of 10; 20 × 0.005 = 0.10 < 1.00 minimum: the order pays 1.00 in all, on its first fill
    expect(result.fills.map((f) => f.fee)).toEqual([1, 0]);
  });
});

describe('partial fills, brackets, time in force', () => {
  test('ten partial fills of 10 when selling 100 held', async () => {
    const rows = [[10, 10, 10, 10, 1e9], ...Array.from({ length: 11 }, () => [10, 10, 10, 10, 100])];
    const bars = dailyBars('AAA', rows);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 100)] : i === 1 ? [sell('AAA', 100)] : undefined));
    // Bar 0 has ample volume so the buy fills whole at its close; every later bar allows 10 % of 100 = 10 shares.
    const { result } = await runScripted(bars, s, { maxVolumePct: 10, fillTiming: 'close' });
    const sells = result.fills.filter((f) => f.side === 'sell');
    expect(result.fills.filter((f) => f.side === 'buy').map((f) => f.qty)).toEqual([100]);
    expect(sells.map((f) => f.qty)).toEqual(Array(10).fill(10));
    const order = result.orders.find((o) => o.side === 'sell')!;
    expect(order.status).toBe('filled');
    expect(result.openPositions).toHaveLength(0);
  });

  test('bracket: stop-loss first when both are touched in one bar; the take-profit is then cancelled', async () => {
    const bars = dailyBars('AAA', [
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 120, 80, 100],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 10, { stopLoss: 90, takeProfit: 110 })] : undefined));
    const { result } = await runScripted(bars, s);
    expect(result.fills.map((f) => [f.side, f.price])).toEqual([
      ['buy', 100],
      ['sell', 90],
    ]);
    const tp = result.orders.find((o) => o.type === 'limit')!;
    expect(tp.status).toBe('cancelled');
    expect(result.orders.every((o) => ['filled', 'cancelled', 'rejected'].includes(o.status))).toBe(true);
  });

  test('an entry filled at the open leaves the rest of that bar to its bracket; one filled at the close is protected from the next bar', async () => {
    // Decided at bar 0's close; bar 1 opens at 100 (the entry) and then trades down to 94: the stop at 95 is hit after
    // the fill, in the same bar. Exit at 95.00: P&L (95 − 100) × 10 = −50.
    const bars = dailyBars('AAA', [
      [100, 100, 100, 100],
      [100, 101, 94, 96],
      [96, 97, 95.5, 96],
    ]);
    const s = () => scripted((i) => (i === 0 ? [buy('AAA', 10, { stopLoss: 95, takeProfit: 120 })] : undefined));
    const atOpen = await runScripted(bars, s());
    expect(atOpen.result.fills.map((f) => [f.side, f.ts, f.price])).toEqual([
      ['buy', bars[1].ts, 100],
      ['sell', bars[1].ts, 95],
    ]);
    expect(atOpen.result.trades.map((t) => t.pnl)).toEqual([-50]);
    // Filled at bar 0's close instead: nothing of bar 0 is left; bar 1's low of 94 stops it out at 95 on bar 1.
    const atClose = await runScripted(bars, s(), { fillTiming: 'close' });
    expect(atClose.result.fills.map((f) => [f.side, f.ts, f.price])).toEqual([
      ['buy', bars[0].ts, 100],
      ['sell', bars[1].ts, 95],
    ]);
  });

  test('bracket take-profit fills at its limit and cancels the stop', async () => {
    const bars = dailyBars('AAA', [
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [105, 112, 104, 111],
    ]);
    const s = scripted((i) => (i === 0 ? [buy('AAA', 10, { stopLoss: 90, takeProfit: 110 })] : undefined));
    const { result } = await runScripted(bars, s);
    expect(result.fills.map((f) => f.price)).toEqual([100, 110]);
    expect(result.orders.find((o) => o.type === 'stop')!.reason).toMatch(/one-cancels-other/);
  });

  test('a day limit order that does not fill in its session is cancelled; gtc stays', async () => {
    const bars = dailyBars('AAA', [
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 101, 99, 100],
      [90, 91, 89, 90],
    ]);
    const day = await runScripted(bars, scripted((i) => (i === 0 ? [buy('AAA', 1, { orderType: 'limit', limitPrice: 95, timeInForce: 'day' })] : undefined)));
    expect(day.result.fills).toHaveLength(0);
    expect(day.result.orders[0]).toMatchObject({ status: 'cancelled', reason: 'day order expired unfilled' });
    const gtc = await runScripted(bars, scripted((i) => (i === 0 ? [buy('AAA', 1, { orderType: 'limit', limitPrice: 95 })] : undefined)));
    expect(gtc.result.fills.map((f) => f.price)).toEqual([90]);
  });

  test('short: sell to open, buy to cover, with P&L', async () => {
    const bars = dailyBars('AAA', [
      [50, 50, 50, 50],
      [50, 51, 49, 50],
      [40, 41, 39, 40],
    ]);
    const s = scripted((i) => (i === 0 ? [sell('AAA', 10)] : i === 1 ? [buy('AAA', 10)] : undefined));
    const { result } = await runScripted(bars, s);
    expect(result.trades[0]).toMatchObject({ side: 'short', qty: 10, entryPrice: 50, exitPrice: 40 });
    expect(result.trades[0].pnl).toBeCloseTo(100, 9);
  });

  test('target weight -1 from long closes the long then opens a short (all-in flip)', async () => {
    const bars = dailyBars('AAA', [
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [10, 10, 10, 10],
    ]);
    const s = scripted((i) => (i === 0 ? [{ symbol: 'AAA', action: 'BUY', size: { kind: 'target_weight', value: 1 } }] : i === 1 ? [{ symbol: 'AAA', action: 'SELL', size: { kind: 'target_weight', value: -1 } }] : undefined));
    const { result } = await runScripted(bars, s, { cash: 1000 });
    expect(result.fills.map((f) => [f.side, f.qty])).toEqual([
      ['buy', 100],
      ['sell', 200],
    ]);
    expect(result.openPositions[0]).toMatchObject({ side: 'short', qty: -100 });
  });

  test('every order ends in exactly one final state with a reason', async () => {
    const bars = dailyBars('AAA', Array.from({ length: 6 }, (_, i) => [10 + i, 11 + i, 9 + i, 10 + i]));
    const s = scripted((i) => (i < 4 ? [buy('AAA', 1, { orderType: i % 2 ? 'limit' : 'market', limitPrice: i % 2 ? 1 : null, timeInForce: i === 3 ? 'day' : 'gtc' })] : undefined));
    const { result, journal } = await runScripted(bars, s);
    for (const o of result.orders) {
      expect(['filled', 'cancelled', 'rejected']).toContain(o.status);
      expect(o.reason).toBeTruthy();
      const finals = journal.entries.filter((e) => e.orderId === o.id && /^order\.(filled|cancelled|rejected)$/.test(e.kind));
      expect(finals).toHaveLength(1);
    }
  });
});

describe('sizing limits', () => {
  test('an all-in buy whose equity is worth less than one share is cancelled saying so, not "already at target"', async () => {
    const bars = dailyBars('AAA', [
      [325.12, 326, 324, 325.5],
      [325.12, 326, 324, 325.5],
    ]);
    const s = scripted((i) => (i === 0 ? [{ symbol: 'AAA', action: 'BUY', size: { kind: 'target_weight', value: 1 } }] : undefined));
    const { result } = await runScripted(bars, s, { cash: 50 });
    expect(result.fills).toHaveLength(0);
    expect(result.orders[0]).toMatchObject({ status: 'cancelled', reason: 'target weight 1 of equity 50.00 buys no whole share at 325.12' });
  });


  test('an all-in order worth more than 2^53 shares is sized without hanging', async () => {
    // 1e18 dollars at 0.01 a share is 1e20 shares: more than 2^53 share units can represent exactly.
    const bars = dailyBars('AAA', [
      [0.01, 0.01, 0.01, 0.01],
      [0.01, 0.01, 0.01, 0.01],
    ]);
    const s = scripted((i) => (i === 0 ? [{ symbol: 'AAA', action: 'BUY', size: { kind: 'target_weight', value: 1 } }] : undefined));
    const { result } = await runScripted(bars, s, { cash: 1e18 });
    expect(result.orders).toHaveLength(1);
    expect(['filled', 'cancelled', 'rejected']).toContain(result.orders[0].status);
    expect(result.cash).toBeGreaterThanOrEqual(0);
  });
});
