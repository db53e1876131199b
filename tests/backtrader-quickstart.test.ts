// Golden: backtrader's published quickstart result on its own ORCL file (see ../shared/data/README.md).
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openStore, parseBarsFile, type Store } from '../data/index.ts';
import { runBacktest } from '../server/backtest/run-backtest.ts';
import { DATA, tempDb } from './helpers.ts';

let store: Store;

beforeAll(async () => {
  store = await openStore(tempDb());
  const bars = await parseBarsFile(join(DATA, 'reference/backtrader/orcl-1995-2014.txt'), { symbol: 'ORCL', timeframe: '1Day', format: 'yahoo', adjusted: true });
  await store.importBars([bars]);
});
afterAll(() => store?.close());

test('close-vs-sma(15), stake 10, cash 1000, 2000: final value 973.90 as backtrader publishes', async () => {
  const report = await runBacktest(store, { symbols: ['ORCL'], strategy: 'close-vs-sma', params: { period: '15', stake: '10' }, cash: 1000, from: '2000-01-01', to: '2000-12-31' });
  expect(report.metrics.finalEquity).toBeCloseTo(973.9, 2);
  // the first buy is decided on 2000-01-25 (close 26.61) and fills on 2000-01-26 at the open, 26.76
  expect(report.fills[0]).toMatchObject({ side: 'buy', qty: 10, ts: '2000-01-26' });
  expect(report.fills[0].price).toBeCloseTo(26.76, 10);
});
