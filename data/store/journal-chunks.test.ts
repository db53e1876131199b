import { afterEach, beforeEach, expect, test } from 'vitest';
import { MemoryJournal, type JournalDraft } from '../../engine/index.ts';
import { openStore, type Store } from './store.ts';
import { tempDbPath, tickingClock } from './test-kit.ts';

let cleanup: () => void;
let store: Store;
const T0 = 1_700_000_000_000;

beforeEach(async () => {
  let path: string;
  ({ path, cleanup } = tempDbPath());
  // Migrated on the first open, so on the second the clock is read by appends only.
  await (await openStore(path)).close();
  store = await openStore(path, { clock: tickingClock(T0) });
});
afterEach(async () => {
  await store.close();
  cleanup();
});

// Nulls and negative market times land on both sides of the 2,048-row chunk boundaries.
const draft = (i: number): JournalDraft => ({
  runId: i % 7 === 0 ? null : `run-${i % 3}`,
  kind: i % 2 === 0 ? 'fill' : 'order.submitted',
  actor: i % 11 === 0 ? 'zoë ✓' : 'broker',
  ts: i % 5 === 0 ? null : i % 13 === 0 ? -86_400_000 * i : 1_700_000_000_000 + i * 60_000,
  symbol: i % 4 === 0 ? null : i % 9 === 0 ? 'a much longer symbol name than twelve bytes' : 'SPY',
  orderId: i % 3 === 0 ? null : `bt-04f3977bd785418a-${i}`,
  data: { i, text: i % 17 === 0 ? 'quote " and é\n' : 'x', n: i / 3 },
});

test('entries over several data chunks store and read back exactly, and the chain verifies', async () => {
  const journal = store.journal();
  const memory = new MemoryJournal(tickingClock(T0));
  const n = 2 * 2048 + 404;
  for (let i = 1; i <= n; i++) journal.append(draft(i));
  for (let i = 1; i <= n; i++) memory.append(draft(i));
  await journal.flush();
  expect(await store.queryJournal({ limit: n + 10 })).toEqual(memory.entries);
  expect(await store.verifyJournal()).toEqual({ ok: true, entries: n, lastHash: memory.entries[n - 1].hash });
});
