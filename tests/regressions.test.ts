// Behaviours a first user found wrong, pinned on the real bars.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openStore, parseBarsFile, type Store } from '../data/index.ts';
import { runBacktest } from '../server/backtest/run-backtest.ts';
import { DATA, tempDb, tempDir } from './helpers.ts';

let store: Store;
const BASKET = ['SPY', 'QQQ', 'IWM', 'AAPL', 'IBM'];

beforeAll(async () => {
  store = await openStore(tempDb());
  await store.importBars(await Promise.all(BASKET.map((symbol) => parseBarsFile(join(DATA, 'daily', `${symbol}.csv`), { symbol, timeframe: '1Day', format: 'uniform', adjusted: false }))));
});
afterAll(() => store?.close());

test('sma-cross short=true with shorting forbidden still exits its longs; only the short entries are refused', async () => {
  const r = await runBacktest(store, { symbols: ['SPY'], strategy: 'sma-cross', params: { fast: '50', slow: '200', short: 'true' }, risk: { allowShort: false }, from: '2001-01-01' });
  expect(r.trades.length).toBeGreaterThan(3);
  expect(r.trades.every((t) => t.side === 'long')).toBe(true);
  expect(r.rejections.length).toBeGreaterThan(0);
  expect(r.rejections.every((x) => /short/i.test(String((x as { reason: string }).reason)))).toBe(true);
});

test('--clip-to-cash cuts an unaffordable quantity order at the risk gate too, and spends no more than the cash', async () => {
  const file = join(tempDir(), 'big.csv');
  // SPY closed at 240.0 on 2020-03-16 (a Monday); 1,000 shares cost far more than 100,000.
  writeFileSync(file, 'timestamp,symbol,side,quantity,type,limit_price,stop_price,stop_loss,take_profit\n2020-03-16,SPY,buy,1000,market,,,,\n');
  const refused = await runBacktest(store, { symbols: ['SPY'], strategy: 'signals', params: { file }, from: '2020-03-01', to: '2020-03-31' });
  expect(refused.fills).toHaveLength(0);
  const clipped = await runBacktest(store, { symbols: ['SPY'], strategy: 'signals', params: { file }, from: '2020-03-01', to: '2020-03-31', clipToCash: true });
  expect(clipped.fills).toHaveLength(1);
  const f = clipped.fills[0];
  expect(f.qty).toBeLessThan(1000);
  // the largest whole number of shares the cash buys at the fill price
  expect(f.qty).toBe(Math.floor(100_000 / f.price));
});

test('a signals file with other contents gives another run id', async () => {
  const file = join(tempDir(), 'sig.csv');
  const header = 'timestamp,symbol,side,quantity,type,limit_price,stop_price,stop_loss,take_profit\n';
  writeFileSync(file, `${header}2020-03-16,SPY,buy,100,market,,,,\n`);
  const a = await runBacktest(store, { symbols: ['SPY'], strategy: 'signals', params: { file }, from: '2020-03-01', to: '2020-03-31' });
  writeFileSync(file, `${header}2020-03-16,SPY,buy,200,market,,,,\n`);
  const b = await runBacktest(store, { symbols: ['SPY'], strategy: 'signals', params: { file }, from: '2020-03-01', to: '2020-03-31' });
  expect(b.runId).not.toBe(a.runId);
  expect(b.fills[0].qty).toBe(200);
});

test('a momentum rebalance sells before it buys, so buys are sized with the cash the sells freed', async () => {
  const r = await runBacktest(store, { symbols: BASKET, strategy: 'momentum', params: { lookback: '126', top: '2', rebalance: '21' }, from: '2001-01-02', to: '2021-03-31', commission: { pct: 0.05 }, slippageBps: 2 });
  const seq = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));
  const byDay = new Map<string, { side: string; seq: number }[]>();
  for (const f of r.fills) byDay.set(f.ts, [...(byDay.get(f.ts) ?? []), { side: f.side, seq: seq(f.orderId) }]);
  let checked = 0;
  for (const fills of byDay.values()) {
    const sells = fills.filter((f) => f.side === 'sell').map((f) => f.seq);
    const buys = fills.filter((f) => f.side === 'buy').map((f) => f.seq);
    if (sells.length === 0 || buys.length === 0) continue;
    checked++;
    expect(Math.max(...sells)).toBeLessThan(Math.min(...buys));
  }
  expect(checked).toBeGreaterThan(10);
  // What cash still refuses is a small top-up after rounding and fees, never a whole position.
  for (const x of r.rejections as { reason: string }[]) expect(x.reason).toMatch(/need [\d,.]+, have/);
});

test('one backtest spelled several ways (05 for 5, a default given or not) is one run: one id, answered from the store', async () => {
  const base = { symbols: ['SPY'], strategy: 'sma-cross', from: '2010-01-01', to: '2012-12-31' };
  const first = await runBacktest(store, { ...base, params: { fast: '5' } });
  expect((first.config as { params: unknown }).params).toEqual({ fast: '5', short: 'false', slow: '30' });
  for (const params of [{ fast: '05' }, { fast: '5', slow: '30' }, { fast: ' 5 ', short: 'false' }, { fast: '5', slow: '+30' }]) {
    let reused = false;
    const again = await runBacktest(store, { ...base, params }, { reuseStored: true, onReused: () => (reused = true) });
    expect(again.runId, JSON.stringify(params)).toBe(first.runId);
    expect(reused).toBe(true);
  }
  // A different value is a different run.
  expect((await runBacktest(store, { ...base, params: { fast: '6' } })).runId).not.toBe(first.runId);
});
