import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { JournalEntry } from '../../engine/index.ts';
import type { JournalSearch } from './journal-search.ts';
import { openStore, type Store } from './store.ts';
import { tempDbPath, tickingClock } from './test-kit.ts';

let store: Store;
let cleanup: () => void;
beforeAll(async () => {
  let path: string;
  ({ path, cleanup } = tempDbPath());
  store = await openStore(path, { clock: tickingClock(1_000) });
  const journal = store.journal();
  for (let i = 0; i < 60; i++) {
    journal.append({ runId: i % 3 === 0 ? 'bt-a' : 'bt-b', kind: i % 4 === 0 ? 'fill' : 'signal', actor: i % 5 === 0 ? 'ops' : 'engine', ts: null, symbol: i % 2 === 0 ? 'SPY' : 'QQQ', orderId: null, data: { note: i === 42 ? 'Needle in the hay' : `entry ${i}` } });
  }
  await journal.flush();
});
afterAll(async () => {
  await store.close();
  cleanup();
});

async function pages(search: Omit<JournalSearch, 'afterSeq'>): Promise<number[]> {
  const out: number[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await store.searchJournal({ ...search, afterSeq: after });
    out.push(...page.entries.map((e) => e.seq));
    expect(page.entries.length).toBeLessThanOrEqual(search.limit);
    if (page.nextSeq === null) return out;
    after = page.nextSeq;
  }
}

/** The reference: every entry, filtered in JS by the definitions of the filters. */
async function expected(keep: (e: JournalEntry) => boolean, order: 'asc' | 'desc'): Promise<number[]> {
  const all = (await store.queryJournal({ limit: 10_000 })).filter(keep).map((e) => e.seq);
  return order === 'asc' ? all : all.reverse();
}

describe('searchJournal pages', () => {
  test.each([
    { name: 'everything', search: {}, keep: () => true },
    { name: 'one run', search: { runId: 'bt-a' }, keep: (e: JournalEntry) => e.runId === 'bt-a' },
    { name: 'kinds and symbol', search: { kinds: ['fill'], symbol: 'SPY' }, keep: (e: JournalEntry) => e.kind === 'fill' && e.symbol === 'SPY' },
    { name: 'actor', search: { actor: 'ops' }, keep: (e: JournalEntry) => e.actor === 'ops' },
    { name: 'recordedAt window', search: { fromRecordedAt: 1_010, toRecordedAt: 1_030 }, keep: (e: JournalEntry) => e.recordedAt >= 1_010 && e.recordedAt <= 1_030 },
    { name: 'text, any case', search: { text: 'NEEDLE' }, keep: (e: JournalEntry) => JSON.stringify(e.data).includes('Needle') },
  ])('$name: every matching entry once, in order, in both directions and page sizes', async ({ search, keep }) => {
    for (const order of ['asc', 'desc'] as const) {
      for (const limit of [1, 7, 60, 1000]) expect(await pages({ ...search, order, limit })).toEqual(await expected(keep, order));
    }
  });

  test('entries are the stored ones, whole', async () => {
    const page = await store.searchJournal({ order: 'desc', limit: 2 });
    expect(page.entries).toEqual((await store.queryJournal({ order: 'desc', limit: 2 })));
    expect(page.nextSeq).toBe(59);
  });

  test('bad limits are refused', async () => {
    await expect(store.searchJournal({ order: 'asc', limit: 0 })).rejects.toThrow(/limit must be 1..10000/);
    await expect(store.searchJournal({ order: 'asc', limit: 10, afterSeq: -1 })).rejects.toThrow(/afterSeq/);
  });
});
