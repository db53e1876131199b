import { describe, expect, test } from 'vitest';
import { bestIndex, formatMetric, formatMetricDiff, metricSpec, metricValue } from './metrics.ts';

describe('metrics table helpers', () => {
  test.each([
    ['sharpe', [0.5, 1.2, 0.9], 1],
    ['maxDrawdown', [-0.3, -0.1, -0.2], 1],
    ['volatility', [0.2, 0.15, 0.3], 1],
    ['trades', [10, 20], -1],
    ['sharpe', [1, 1], -1],
    ['sharpe', [null, 1], -1],
    ['cagr', [null, 0.05, 0.07], 2],
  ] as const)('best %s of %j is index %d', (key, values, best) => {
    expect(bestIndex(metricSpec(key), values)).toBe(best);
  });

  test('formats values and differences by kind', () => {
    expect(formatMetric(metricSpec('totalReturn'), 0.25)).toBe('25.00%');
    expect(formatMetric(metricSpec('finalEquity'), 125000)).toBe('$125,000.00');
    expect(formatMetricDiff(metricSpec('totalReturn'), 0.25, 0.1)).toBe('+15.00 pp');
    expect(formatMetricDiff(metricSpec('sharpe'), 0.8, 1.1)).toBe('−0.3');
    expect(formatMetricDiff(metricSpec('finalEquity'), 90, 100)).toBe('−$10.00');
  });

  test('metricValue reads finite numbers only', () => {
    expect(metricValue({ sharpe: 1.5 }, 'sharpe')).toBe(1.5);
    expect(metricValue({ sharpe: null }, 'sharpe')).toBeNull();
    expect(metricValue(null, 'sharpe')).toBeNull();
  });
});
