import { describe, expect, test } from 'vitest';
import { SignalSchema } from './signal.ts';

const buy = { action: 'BUY', symbol: 'SPY', size: { kind: 'quantity', value: 10 } } as const;
const sell = { ...buy, action: 'SELL' } as const;
const issues = (input: unknown) => {
  const r = SignalSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('SignalSchema brackets', () => {
  test('a buy protects below and takes profit above; a sell the other way round', () => {
    expect(issues({ ...buy, stopLoss: 95, takeProfit: 110 })).toEqual([]);
    expect(issues({ ...sell, stopLoss: 110, takeProfit: 95 })).toEqual([]);
    expect(issues({ ...buy, stopLoss: 90, takeProfit: 80 })).toEqual(["takeProfit: expected a take-profit above the stop-loss 90 (a buy's bracket), got 80"]);
    expect(issues({ ...sell, stopLoss: 90, takeProfit: 95 })).toEqual(["takeProfit: expected a take-profit below the stop-loss 90 (a sell's bracket), got 95"]);
    // Equal prices protect nothing either way.
    expect(issues({ ...buy, stopLoss: 100, takeProfit: 100 })).toHaveLength(1);
  });

  test('a limit or stop entry puts each leg on the far side of its own price', () => {
    expect(issues({ ...buy, orderType: 'limit', limitPrice: 100, stopLoss: 101 })).toEqual(["stopLoss: expected a stop-loss below the entry's limit price 100 (a buy's bracket), got 101"]);
    expect(issues({ ...buy, orderType: 'stop', stopPrice: 110, takeProfit: 105 })).toEqual(["takeProfit: expected a take-profit above the entry's stop price 110 (a buy's bracket), got 105"]);
    expect(issues({ ...sell, orderType: 'limit', limitPrice: 100, takeProfit: 101 })).toEqual(["takeProfit: expected a take-profit below the entry's limit price 100 (a sell's bracket), got 101"]);
    expect(issues({ ...sell, orderType: 'stop', stopPrice: 90, stopLoss: 92, takeProfit: 80 })).toEqual([]);
  });

  test('a stop-limit: the stop-loss beyond its stop, the take-profit beyond its limit', () => {
    const stopLimit = { ...buy, orderType: 'stop_limit', stopPrice: 250, limitPrice: 255 } as const;
    expect(issues({ ...stopLimit, stopLoss: 249, takeProfit: 256 })).toEqual([]);
    expect(issues({ ...stopLimit, stopLoss: 256 })).toEqual(["stopLoss: expected a stop-loss below the entry's stop price 250 (a buy's bracket), got 256"]);
    expect(issues({ ...stopLimit, takeProfit: 253 })).toEqual(["takeProfit: expected a take-profit above the entry's limit price 255 (a buy's bracket), got 253"]);
    expect(issues({ ...sell, orderType: 'stop_limit', stopPrice: 90, limitPrice: 88, stopLoss: 91, takeProfit: 87 })).toEqual([]);
  });

  test('a stop-limit whose limit lies beyond its stop: each leg must clear both prices (it can fill at either)', () => {
    // Sell stop 250, limit 255: it can fill at 255, so a stop-loss at 254 would buy back at a loss at once.
    const sellStopLimit = { ...sell, orderType: 'stop_limit', stopPrice: 250, limitPrice: 255 } as const;
    expect(issues({ ...sellStopLimit, stopLoss: 254, takeProfit: 240 })).toEqual(["stopLoss: expected a stop-loss above the entry's limit price 255 (a sell's bracket), got 254"]);
    expect(issues({ ...sellStopLimit, stopLoss: 256, takeProfit: 252 })).toEqual(["takeProfit: expected a take-profit below the entry's stop price 250 (a sell's bracket), got 252"]);
    expect(issues({ ...sellStopLimit, stopLoss: 256, takeProfit: 240 })).toEqual([]);
    // Buy stop 250, limit 245: the mirror.
    const buyStopLimit = { ...buy, orderType: 'stop_limit', stopPrice: 250, limitPrice: 245 } as const;
    expect(issues({ ...buyStopLimit, stopLoss: 247, takeProfit: 260 })).toEqual(["stopLoss: expected a stop-loss below the entry's limit price 245 (a buy's bracket), got 247"]);
    expect(issues({ ...buyStopLimit, stopLoss: 244, takeProfit: 249 })).toEqual(["takeProfit: expected a take-profit above the entry's stop price 250 (a buy's bracket), got 249"]);
  });

  test('one leg alone or a market entry is held only to what is known before the fill', () => {
    expect(issues({ ...buy, stopLoss: 1_000 })).toEqual([]);
    expect(issues({ action: 'HOLD', symbol: 'SPY', stopLoss: 90, takeProfit: 80 })).toEqual([]);
  });
});
