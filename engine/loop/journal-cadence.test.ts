import { describe, expect, test } from 'vitest';
import { batchFromBars } from '../domain/bar.ts';
import type { Feed } from '../feed/feed.ts';
import { MemoryJournal } from '../journal/memory-journal.ts';
import { fixedClock } from './clock.ts';
import type { EngineOptions } from './engine.ts';
import { buy, dailyBars, runScripted, scripted, sell } from './test-kit.ts';

// 40 daily bars, one per batch; the strategy trades on every bar, so every slice appends journal entries.
const BARS = dailyBars('AAA', Array.from({ length: 40 }, (_, i) => [100 + i, 102 + i, 99 + i, 101 + i]));

function oneSlicePerBatch(): Feed {
  return {
    universe: ['AAA'],
    timeframe: '1Day',
    async *batches() {
      for (const bar of BARS) yield batchFromBars([bar], ['AAA']);
    },
  };
}

/** Runs the trading script and reports how many entries each flush stored. */
async function flushSizes(cadence: Pick<EngineOptions, 'journalFlushSlices' | 'journalFlushEntries'>) {
  const journal = new MemoryJournal(fixedClock(0));
  const sizes: number[] = [];
  const flush = journal.flush.bind(journal);
  let stored = 0;
  journal.flush = async () => {
    await flush();
    sizes.push(journal.entries.length - stored);
    stored = journal.entries.length;
  };
  await runScripted([], scripted((i) => [i % 2 === 0 ? buy('AAA', 1) : sell('AAA', 1)]), { journal, engine: { runId: 'cadence', feed: oneSlicePerBatch(), averageVolumeWindow: 0, start: {}, ...cadence } });
  return { sizes, total: journal.entries.length };
}

describe('journal flush cadence', () => {
  test('by default every batch is flushed', async () => {
    const { sizes } = await flushSizes({});
    // one flush per batch, and the last one after run.end
    expect(sizes.length).toBe(BARS.length + 1);
  });

  test('a slice threshold alone flushes rarely; an entry threshold bounds what waits in memory', async () => {
    const rare = await flushSizes({ journalFlushSlices: 1_000 });
    expect(rare.sizes.length).toBe(1);
    const bounded = await flushSizes({ journalFlushSlices: 1_000, journalFlushEntries: 20 });
    expect(bounded.total).toBe(rare.total);
    expect(bounded.sizes.length).toBeGreaterThan(3);
    // checked between batches: a flush holds at most the threshold plus one batch's entries
    const perSlice = Math.ceil(rare.total / BARS.length) + 2;
    for (const size of bounded.sizes.slice(0, -1)) expect(size).toBeLessThan(20 + perSlice);
  });
});
