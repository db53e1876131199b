import { describe, expect, test } from 'vitest';
import { closeVsSmaStrategy } from './close-vs-sma.ts';
import { barsFromCloses, FakeContext, runStrategy } from './test-harness.ts';

const universe = ['ORCL'];
const env = { universe, timeframe: '1Day' } as const;

// period 3: i=2 close 10, SMA 10 (not above); i=3 close 12 > SMA 10.667; i=4 close 9 < SMA 10.333
const rise = [10, 10, 10, 12];
const riseThenFall = [10, 10, 10, 12, 9];

describe('close-vs-sma', () => {
  test('warmup is the SMA period', () => {
    expect(closeVsSmaStrategy.create({ period: '3' }, env).warmup).toBe(3);
    expect(closeVsSmaStrategy.create({}, env).warmup).toBe(15);
  });

  test.each([
    { name: 'flat, close above SMA: buys the stake', closes: rise, position: 0, open: false, want: [[3, 'BUY', 10]] },
    { name: 'already long: no second buy', closes: rise, position: 10, open: false, want: [] },
    { name: 'short: left alone', closes: rise, position: -5, open: false, want: [] },
    { name: 'open order: waits', closes: rise, position: 0, open: true, want: [] },
    { name: 'long, close below SMA: sells the whole position', closes: riseThenFall, position: 7, open: false, want: [[4, 'SELL', 7]] },
    { name: 'flat, close below SMA: nothing to sell', closes: riseThenFall, position: 0, open: false, want: [[3, 'BUY', 10]] },
    { name: 'long with an open order: waits', closes: riseThenFall, position: 7, open: true, want: [] },
  ])('$name', async ({ closes, position, open, want }) => {
    const strategy = closeVsSmaStrategy.create({ period: '3', stake: '10' }, env);
    const ctx = new FakeContext(universe, strategy.warmup);
    ctx.setPosition('ORCL', position);
    ctx.setOpenOrder('ORCL', open);
    const bars = barsFromCloses('ORCL', closes);
    const run = await runStrategy(strategy, bars, universe, { ctx });
    const got = run.emitted.map((e) => [bars.findIndex((b) => b.ts === e.ts), e.signal.action, e.signal.size && e.signal.size.value]);
    expect(got).toEqual(want);
    for (const e of run.emitted) expect(e.signal.size?.kind).toBe('quantity');
  });

  test('round trip with fills: buy when flat, sell when long, buy again', async () => {
    const bars = barsFromCloses('ORCL', [10, 10, 10, 12, 9, 8, 12]);
    const run = await runStrategy(closeVsSmaStrategy.create({ period: '3' }, env), bars, universe, { fills: 'close' });
    // i=6: close 12 > SMA (9 + 8 + 12) / 3 = 9.667 and flat again → buy
    expect(run.emitted.map((e) => e.signal.action)).toEqual(['BUY', 'SELL', 'BUY']);
  });

  test('a fractional stake needs a fractional run: in a whole-share run every order would be rejected', () => {
    expect(() => closeVsSmaStrategy.create({ stake: '1.5' }, env)).toThrow('close-vs-sma: param stake="1.5" is invalid: expected a whole number of shares (the run trades whole shares)');
    expect(closeVsSmaStrategy.create({ stake: '1.5' }, { ...env, fractional: true }).warmup).toBe(15);
    expect(() => closeVsSmaStrategy.create({ stake: '2' }, env)).not.toThrow();
  });
});
