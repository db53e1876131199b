import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../domain/time.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { EngineOptions } from './engine.ts';
import { buy, dailyBars, runScripted, scripted } from './test-kit.ts';

// 2,500 daily bars of one symbol: the memory feed delivers them as one batch, as a daily run from the store does.
const BARS = dailyBars('AAA', Array.from({ length: 2_500 }, (_, i) => [100 + (i % 7), 102 + (i % 7), 99 + (i % 7), 101 + (i % 7)]));

async function run(strategy: Strategy, more: Partial<EngineOptions> = {}) {
  return runScripted(BARS, strategy, { engine: { runId: 'progress', averageVolumeWindow: 0, start: {}, ...more } });
}

describe('progress within one batch', () => {
  test('a one-batch run reports every 1,024 slices by default, then at the end of the batch', async () => {
    const reports: number[] = [];
    await run(
      scripted(() => undefined),
      { onProgress: (done) => reports.push(done) },
    );
    expect(reports).toEqual([1_024, 2_048, 2_500]);
  });

  test('progressEverySlices sets the step', async () => {
    const reports: number[] = [];
    await run(
      scripted(() => undefined),
      { onProgress: (done) => reports.push(done), progressEverySlices: 1_000 },
    );
    expect(reports).toEqual([1_000, 2_000, 2_500]);
  });

  test('a slice whose decision was awaited (a model call) is reported at once, so a slow strategy shows steady progress', async () => {
    const reports: number[] = [];
    const inner = scripted((i) => (i === 10 ? [buy('AAA', 1)] : undefined));
    // Asks "the model" every 100th slice; the other slices decide synchronously.
    const slow: Strategy = { ...inner, decide: (slice, ctx) => (slice.ts - BARS[0].ts) % (100 * DAY_MS) === 0 ? Promise.resolve(inner.decide(slice, ctx)) : inner.decide(slice, ctx) };
    const { result } = await run(slow, { onProgress: (done) => reports.push(done) });
    const asked = Array.from({ length: 25 }, (_, k) => k * 100 + 1);
    // Each awaited slice is reported once it is done; the counter restarts from there (1 + 1,024 = 1,025, ...).
    expect(reports.filter((d) => !asked.includes(d))).toEqual([2_500]);
    expect(reports.slice(0, -1)).toEqual(asked);
    expect(result.status).toBe('completed');
  });

  test('no onProgress: nothing to report, and the run is the same', async () => {
    const a = await run(scripted((i) => (i % 50 === 0 ? [buy('AAA', 1)] : undefined)));
    const b = await run(scripted((i) => (i % 50 === 0 ? [buy('AAA', 1)] : undefined)), { onProgress: () => undefined, progressEverySlices: 7 });
    expect(JSON.stringify(b.journal.entries)).toBe(JSON.stringify(a.journal.entries));
  });
});

describe('a run its caller refuses to keep', () => {
  test('run.end says failed with the refusal as the error, beside what end added; the result keeps the engine status', async () => {
    const { result, journal } = await run(
      scripted(() => undefined),
      { end: async () => ({ metrics: { x: 1 } }), refusal: (r) => `decisions_missing: 3 of ${r.bars}` },
    );
    expect(result.status).toBe('completed');
    const end = journal.entries.at(-1)!;
    expect(end.kind).toBe('run.end');
    expect(end.data).toMatchObject({ metrics: { x: 1 }, status: 'failed', error: 'decisions_missing: 3 of 2500', slices: 2_500 });
  });

  test('no refusal: run.end says completed and carries no error', async () => {
    const { journal } = await run(scripted(() => undefined), { refusal: () => null });
    const end = journal.entries.at(-1)!;
    expect(end.data).toMatchObject({ status: 'completed' });
    expect(end.data).not.toHaveProperty('error');
  });
});
