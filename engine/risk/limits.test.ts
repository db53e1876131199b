import { describe, expect, test } from 'vitest';
import { DEFAULT_RISK_LIMITS, parseRiskLimits, RISK_LIMIT_KEYS, RiskLimitsSchema } from './limits.ts';

describe('RiskLimitsSchema', () => {
  test('defaults: only the always-on settings have values', () => {
    expect(DEFAULT_RISK_LIMITS).toEqual({
      maxPositionWeight: null,
      maxGrossExposure: null,
      maxOrderNotional: null,
      allowShort: true,
      shortMarginRate: 0.5,
      maxDrawdown: null,
      dailyLossLimit: null,
      minAverageDailyVolume: null,
      averageVolumeWindow: 20,
      maxParticipation: null,
      tradingHalted: false,
    });
  });
  test('is strict', () => {
    expect(RiskLimitsSchema.safeParse({ maxWeight: 0.5 }).success).toBe(false);
  });
});

describe('parseRiskLimits', () => {
  test('coerces numbers, booleans and none', () => {
    expect(
      parseRiskLimits({
        maxPositionWeight: '0.25',
        maxOrderNotional: '1e6',
        allowShort: 'false',
        averageVolumeWindow: ' 50 ',
        maxDrawdown: 'none',
        tradingHalted: 'true',
      }),
    ).toEqual({
      ...DEFAULT_RISK_LIMITS,
      maxPositionWeight: 0.25,
      maxOrderNotional: 1_000_000,
      allowShort: false,
      averageVolumeWindow: 50,
      tradingHalted: true,
    });
  });
  test('no pairs → the defaults', () => expect(parseRiskLimits({})).toEqual(DEFAULT_RISK_LIMITS));
  test('an unknown key is named, with the valid ones listed', () => {
    expect(() => parseRiskLimits({ maxWeight: '0.5' })).toThrow(
      `unknown risk limit "maxWeight"; valid limits: ${RISK_LIMIT_KEYS.join(', ')}`,
    );
    expect(RISK_LIMIT_KEYS).toContain('maxPositionWeight');
    expect(RISK_LIMIT_KEYS).toHaveLength(11);
  });
  test.each<{ record: Record<string, string>; error: string | RegExp }>([
    { record: { maxPositionWeight: 'abc' }, error: 'invalid risk limit maxPositionWeight: expected a number or none, got "abc"' },
    { record: { maxPositionWeight: '' }, error: 'invalid risk limit maxPositionWeight: expected a number or none, got ""' },
    { record: { allowShort: 'yes' }, error: 'invalid risk limit allowShort: expected true or false, got "yes"' },
    { record: { maxPositionWeight: '-0.1' }, error: /^invalid risk limit maxPositionWeight: .*\(got "-0\.1"\)$/ },
    { record: { maxDrawdown: '1.5' }, error: /^invalid risk limit maxDrawdown: .*\(got "1\.5"\)$/ },
    { record: { averageVolumeWindow: '2.5' }, error: /^invalid risk limit averageVolumeWindow: .*\(got "2\.5"\)$/ },
    { record: { shortMarginRate: 'none' }, error: /^invalid risk limit shortMarginRate: .*\(got "none"\)$/ },
  ])('refuses $record', ({ record, error }) => {
    expect(() => parseRiskLimits(record)).toThrow(error);
  });
});
