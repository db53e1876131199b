import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../domain/time.ts';
import { buyAndHoldStrategy } from './buy-and-hold.ts';
import { FakeContext, sliceStepper } from './test-harness.ts';

const universe = ['AAA', 'BBB', 'CCC'];
const env = { universe, timeframe: '1Day' } as const;
const bar = (symbol: string, day: number) => ({ symbol, ts: Date.UTC(2020, 0, 1) + day * DAY_MS, open: 10, high: 10, low: 10, close: 10, volume: 1 });
const brief = (signals: { symbol: string; action: string; size?: { value: number } | null }[]) => signals.map((s) => [s.symbol, s.action, s.size?.value]);

describe('buy-and-hold', () => {
  test('buys each symbol once, at weight / N, when flat with no open order', async () => {
    const strategy = buyAndHoldStrategy.create({ weight: '0.75' }, env);
    const ctx = new FakeContext(universe, strategy.warmup);
    const step = sliceStepper(strategy, universe, ctx);
    ctx.setOpenOrder('AAA');
    expect(brief(await step([bar('AAA', 0), bar('BBB', 0)]))).toEqual([['BBB', 'BUY', 0.25]]);
    ctx.setOpenOrder('AAA', false);
    ctx.setPosition('BBB', 100);
    expect(brief(await step([bar('AAA', 1), bar('BBB', 1)]))).toEqual([['AAA', 'BUY', 0.25]]);
    ctx.setPosition('AAA', 0); // e.g. the order was rejected: buy-and-hold does not retry
    expect(brief(await step([bar('AAA', 2), bar('BBB', 2), bar('CCC', 2)]))).toEqual([['CCC', 'BUY', 0.25]]);
    expect(await step([bar('AAA', 3), bar('BBB', 3), bar('CCC', 3)])).toEqual([]);
  });

  test('waits while the symbol is not flat', async () => {
    const strategy = buyAndHoldStrategy.create({}, { universe: ['AAA'], timeframe: '1Day' });
    const ctx = new FakeContext(['AAA'], strategy.warmup);
    const step = sliceStepper(strategy, ['AAA'], ctx);
    ctx.setPosition('AAA', -3);
    expect(await step([bar('AAA', 0)])).toEqual([]);
    ctx.setPosition('AAA', 0);
    expect(brief(await step([bar('AAA', 1)]))).toEqual([['AAA', 'BUY', 1]]);
  });

  test('a weight above 1 is refused: sizing never spends more cash than there is, so it would buy what 1 buys', () => {
    expect(() => buyAndHoldStrategy.create({ weight: '2' }, env)).toThrow('buy-and-hold: param weight="2" is invalid: expected a number > 0 and <= 1');
    expect(() => buyAndHoldStrategy.create({ weight: '1' }, env)).not.toThrow();
  });
});
