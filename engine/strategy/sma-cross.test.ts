import { describe, expect, test } from 'vitest';
import { smaCrossStrategy } from './sma-cross.ts';
import { barsFromCloses, runStrategy } from './test-harness.ts';

const universe = ['SPY'];
const env = { universe, timeframe: '1Day' } as const;

/** Index of each emitted signal's bar in the series, with its action and target weight. */
async function crosses(closes: number[], params: Record<string, string>, fills: 'none' | 'close') {
  const bars = barsFromCloses('SPY', closes);
  const run = await runStrategy(smaCrossStrategy.create(params, env), bars, universe, { fills });
  return run.emitted.map((e) => [bars.findIndex((b) => b.ts === e.ts), e.signal.action, e.signal.size && e.signal.size.value]);
}

describe('sma-cross', () => {
  test('warmup is slow + 1: the first cross needs the previous bar\'s slow SMA', () => {
    expect(smaCrossStrategy.create({ fast: '2', slow: '3' }, env).warmup).toBe(4);
    expect(smaCrossStrategy.create({}, env).warmup).toBe(31);
  });

  // fast = SMA(2), slow = SMA(3):
  //  i close  fast   slow
  //  0  10     -      -
  //  1   9    9.5     -
  //  2   8    8.5    9        fast < slow
  //  3   9    8.5    8.667    fast < slow
  //  4  12   10.5    9.667    fast > slow  → cross up
  //  5  13   12.5   11.333    fast > slow
  //  6  10   11.5   11.667    fast < slow  → cross down
  //  7   9    9.5   10.667    fast < slow
  const series = [10, 9, 8, 9, 12, 13, 10, 9];
  test.each<{ name: string; params: Record<string, string>; fills: 'none' | 'close'; want: unknown[] }>([
    { name: 'long-only, filled: buys the cross up, exits the cross down', params: {}, fills: 'close', want: [[4, 'BUY', 1], [6, 'SELL', 0]] },
    { name: 'long-only, never filled: no exit from flat', params: {}, fills: 'none', want: [[4, 'BUY', 1]] },
    { name: 'short=true: cross down goes short', params: { short: 'true' }, fills: 'none', want: [[4, 'BUY', 1], [6, 'SELL', -1]] },
  ])('$name', async ({ params, fills, want }) => {
    expect(await crosses(series, { fast: '2', slow: '3', ...params }, fills)).toEqual(want);
  });

  test('the first decision is possible on bar index slow (0-based)', async () => {
    // i=2: fast 8.5 < slow 9; i=3: fast 10 > slow 9.667 → cross on the first warm bar.
    expect(await crosses([10, 9, 8, 12], { fast: '2', slow: '3' }, 'none')).toEqual([[3, 'BUY', 1]]);
  });

  test.each([
    // i=3: fast 8.5 < slow 8.667; i=4: 7 → fast 8 = slow 8 (equal); i=5: 14 → fast 10.5 > slow 10.333
    { name: 'below → equal → above is not a cross up', closes: [10, 9, 8, 9, 7, 14] },
    // i=3: fast 9.5 > slow 9.333; i=4: 11 → fast 10 = slow 10 (equal); i=5: 4 → fast 7.5 < slow 8
    { name: 'above → equal → below is not a cross down', closes: [8, 9, 10, 9, 11, 4] },
  ])('strict inequality: $name', async ({ closes }) => {
    expect(await crosses(closes, { fast: '2', slow: '3', short: 'true' }, 'close')).toEqual([]);
  });
});
