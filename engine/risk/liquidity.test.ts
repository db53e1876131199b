import { describe, expect, test } from 'vitest';
import { maxParticipation, minAverageVolume } from './liquidity.ts';
import { makeProposal, makeView } from './risk-rule.contract.ts';

describe('minAverageVolume(100,000 shares, 20 bars)', () => {
  test.each([
    { adv: 250_000, reason: null },
    { adv: 100_000, reason: null },
    { adv: 50_000, reason: 'average daily volume 50,000 shares < minimum 100,000 (20 bars)' },
    { adv: Number.NaN, reason: 'average daily volume unknown (needs 20 bars), minimum 100,000 shares' },
  ])('average $adv', ({ adv, reason }) => {
    const v = minAverageVolume(100_000, 20).check(makeProposal(), makeView({ averageVolumes: [adv] }));
    expect(v.reason).toBe(reason);
    expect(v.passed).toBe(reason === null);
    expect(v.compared).toEqual({ averageDailyVolume: Number.isNaN(adv) ? null : adv, limit: 100_000, window: 20 });
  });
  test('an exit passes in an illiquid name', () => {
    const v = minAverageVolume(100_000).check(makeProposal({ side: 'sell', quantity: 100, currentPosition: 100 }), makeView({ averageVolumes: [10] }));
    expect(v.passed).toBe(true);
  });
  test('rejects bad parameters', () => {
    expect(() => minAverageVolume(-1)).toThrow(/minShares/);
    expect(() => minAverageVolume(1, 0)).toThrow(/window/);
  });
});

describe('maxParticipation(0.01)', () => {
  test.each([
    // 5,000 / 1,000,000 = 0.005
    { quantity: 5_000, barVolume: 1_000_000, participation: 0.005, reason: null },
    // 10,000 / 1,000,000 = 0.01 at the limit
    { quantity: 10_000, barVolume: 1_000_000, participation: 0.01, reason: null },
    // 20,000 / 1,000,000 = 0.02
    { quantity: 20_000, barVolume: 1_000_000, participation: 0.02, reason: "order of 20,000 shares is 2.00% of the bar's volume 1,000,000 (limit 1.00%)" },
    { quantity: 100, barVolume: 0, participation: null, reason: 'order of 100 shares against a bar volume of 0' },
  ])('$quantity of $barVolume', ({ quantity, barVolume, participation, reason }) => {
    const v = maxParticipation(0.01).check(makeProposal({ quantity, barVolume }), makeView());
    expect(v.compared.participation).toBe(participation);
    expect(v.reason).toBe(reason);
    expect(v.passed).toBe(reason === null);
  });
  test('an exit of half the bar passes', () => {
    const v = maxParticipation(0.01).check(makeProposal({ side: 'sell', quantity: 50_000, currentPosition: 50_000, barVolume: 100_000 }), makeView());
    expect(v.passed).toBe(true);
  });
  test.each([0, 1.5])('rejects limit %s', (limit) => expect(() => maxParticipation(limit)).toThrow(/maxParticipation: limit/));
});
