import { describe, expect, test } from 'vitest';
import { LlmStatsAccumulator } from './llm-stats.ts';

describe('LlmStatsAccumulator', () => {
  test('mean and nearest-rank p95 of latencies', () => {
    const s = new LlmStatsAccumulator('m', 'h');
    // 1..300 ms: mean 150.5; p95 = the 285th smallest (ceil(0.95 × 300)) = 285.
    for (let ms = 300; ms >= 1; ms--) s.latency(ms);
    expect(s.snapshot()).toMatchObject({ latencyMsMean: 150.5, latencyMsP95: 285 });
  });

  test('no calls: null latency, zero counts', () => {
    expect(new LlmStatsAccumulator('m', 'h').snapshot()).toMatchObject({ decisions: 0, latencyMsMean: null, latencyMsP95: null, costUsd: 0 });
  });
});
