import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MemoryJournal, type JournalDraft } from '../../engine/index.ts';
import { DuckJournal, readChainHead } from './duck-journal.ts';
import { verifyJournal } from './journal-query.ts';
import { openStore, type Store } from './store.ts';
import { rawCount, tempDbPath, tickingClock, withRawDb } from './test-kit.ts';

const draft = (i: number, over: Partial<JournalDraft> = {}): JournalDraft => ({
  runId: i % 2 === 0 ? 'run-a' : 'run-b',
  kind: i % 3 === 0 ? 'fill' : 'signal',
  actor: 'engine',
  ts: i % 4 === 0 ? null : 1_700_000_000_000 + i * 60_000,
  symbol: i % 5 === 0 ? null : 'SPY',
  orderId: i % 3 === 0 ? `o-${i}` : null,
  data: { i, note: 'café ✓ "quoted"', nested: { b: [1, 2.5, null], a: true } },
  ...over,
});

let path: string;
let cleanup: () => void;
let store: Store;

beforeEach(async () => {
  ({ path, cleanup } = tempDbPath());
  store = await openStore(path, { clock: tickingClock() });
});
afterEach(async () => {
  await store.close();
  cleanup();
});

async function reopen(clockStart = 1_800_000_000_000): Promise<void> {
  await store.close();
  store = await openStore(path, { clock: tickingClock(clockStart) });
}

describe('DuckJournal', () => {
  test('chains like MemoryJournal, buffers until flush, then stores the exact entries', async () => {
    await reopen(1_700_000_000_000); // migrations done: the clock is read by appends only
    const journal = store.journal();
    const memory = new MemoryJournal(tickingClock(1_700_000_000_000));
    for (let i = 1; i <= 12; i++) expect(journal.append(draft(i))).toBe(memory.append(draft(i)));
    expect(await store.queryJournal()).toEqual([]);
    await journal.flush();
    expect(journal.pendingCount).toBe(0);
    expect(await store.queryJournal()).toEqual(memory.entries);
    expect(await store.verifyJournal()).toEqual({ ok: true, entries: 12, lastHash: memory.entries[11].hash });
    await journal.flush(); // nothing buffered: no-op
  });

  test('text fields with control characters, newlines, empty strings, nulls and non-ASCII store exactly', async () => {
    await reopen(1_700_000_000_000);
    const journal = store.journal();
    const memory = new MemoryJournal(tickingClock(1_700_000_000_000));
    const odd: Partial<JournalDraft>[] = [
      { actor: '', symbol: '', orderId: '' },
      { actor: 'zoë ✓ 😀', symbol: 'BRK.B', data: { s: 'a\u001fb\u001ec\nd\r\u2028', '': null } },
      { runId: null, ts: null, symbol: null, orderId: null, data: [] },
      { ts: -86_400_000, data: 'plain' },
    ];
    for (const [i, o] of odd.entries()) expect(journal.append(draft(i + 1, o))).toBe(memory.append(draft(i + 1, o)));
    await journal.flush();
    const awkward: Partial<JournalDraft>[] = [{ actor: 'a\u001fb' }, { symbol: 'X\u001eY' }, { orderId: 'line\nbreak', runId: null }, { actor: 'fine' }];
    for (const [i, o] of awkward.entries()) expect(journal.append(draft(i + 5, o))).toBe(memory.append(draft(i + 5, o)));
    await journal.flush();
    expect(await store.queryJournal()).toEqual(memory.entries);
    expect(await store.verifyJournal()).toMatchObject({ ok: true, entries: 8 });
  });

  test('the chain continues from the stored head after reopening', async () => {
    store.journal().append(draft(1));
    store.journal().append(draft(2));
    await reopen();
    expect(store.journal().append(draft(3))).toBe(3);
    await store.journal().flush();
    const verdict = await store.verifyJournal();
    expect(verdict).toMatchObject({ ok: true, entries: 3 });
  });

  test.each([
    ['the payload', `UPDATE journal SET data = '{"i":4}' WHERE seq = 4`],
    ['the actor', `UPDATE journal SET actor = 'mallory' WHERE seq = 4`],
    ['the market time', `UPDATE journal SET ts = ts + 1 WHERE seq = 4`],
  ])('a raw UPDATE of %s is named by verify', async (_what, sql) => {
    for (let i = 1; i <= 6; i++) store.journal().append(draft(i, { ts: 1_700_000_000_000 + i }));
    await store.close();
    await withRawDb(path, (c) => c.run(sql));
    await reopen();
    expect(await store.verifyJournal()).toMatchObject({ ok: false, firstBadSeq: 4, entries: 4, reason: expect.stringContaining('altered') });
  });

  test('a deleted middle row is named as a gap', async () => {
    for (let i = 1; i <= 6; i++) store.journal().append(draft(i));
    await store.close();
    await withRawDb(path, (c) => c.run('DELETE FROM journal WHERE seq = 3'));
    await reopen();
    expect(await store.verifyJournal()).toMatchObject({ ok: false, firstBadSeq: 4, reason: expect.stringContaining('expected seq 3') });
  });

  test('a chain cut short at its end is caught by the head record', async () => {
    for (let i = 1; i <= 6; i++) store.journal().append(draft(i));
    await store.close();
    await withRawDb(path, (c) => c.run('DELETE FROM journal WHERE seq >= 5'));
    await reopen();
    expect(await store.verifyJournal()).toMatchObject({ ok: false, firstBadSeq: 5, reason: expect.stringContaining('entries 5..6 were removed') });
  });

  test('verify streams a chain longer than one chunk', async () => {
    for (let i = 1; i <= 5000; i++) store.journal().append(draft(i));
    await store.journal().flush();
    expect(await store.verifyJournal()).toMatchObject({ ok: true, entries: 5000 });
    expect(await store.verifyJournal({ runId: 'run-a' })).toMatchObject({ ok: true, entries: 5000, runId: 'run-a', runEntries: 2500 });
    await expect(store.verifyJournal({ runId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });

  test('verify reads the chain a window of seqs at a time: a gap across a whole window, and a row below seq 1, are still named', async () => {
    for (let i = 1; i <= 30; i++) store.journal().append(draft(i));
    await store.close();
    const verify = () => withRawDb(path, (c) => verifyJournal(c, { window: 7 }));
    expect(await verify()).toMatchObject({ ok: true, entries: 30 });
    // Seqs 8..14 are exactly the second window: it reads nothing, the third starts at 15 where 8 was due.
    await withRawDb(path, (c) => c.run('DELETE FROM journal WHERE seq BETWEEN 8 AND 14'));
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 15, entries: 8, reason: expect.stringContaining('expected seq 8') });
    await withRawDb(path, (c) => c.run('INSERT INTO journal SELECT * REPLACE (0 AS seq) FROM journal WHERE seq = 1'));
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 0, reason: expect.stringContaining('expected seq 1, found 0') });
    await reopen();
  });

  test('queryJournal filters, bounds, limits and orders', async () => {
    for (let i = 1; i <= 30; i++) store.journal().append(draft(i));
    await store.journal().flush();
    const seqs = async (f: Parameters<Store['queryJournal']>[0]) => (await store.queryJournal(f)).map((e) => e.seq);
    expect(await seqs({ runId: 'run-a', kind: 'fill' })).toEqual([6, 12, 18, 24, 30]);
    expect(await seqs({ orderId: 'o-9' })).toEqual([9]);
    expect(await seqs({ symbol: 'SPY', fromSeq: 8, toSeq: 11 })).toEqual([8, 9, 11]);
    expect(await seqs({ order: 'desc', limit: 3 })).toEqual([30, 29, 28]);
    await expect(store.queryJournal({ limit: -1 })).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('DuckJournal on a database shared with raw SQL', () => {
  let instance: DuckDBInstance;
  let journal: DuckJournal;
  const stored = async () => (await (await instance.connect()).runAndReadAll('SELECT seq::INTEGER FROM journal ORDER BY seq')).getRowsJS().map((r) => r[0]);

  beforeEach(async () => {
    await store.close();
    instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    journal = new DuckJournal(() => instance.connect(), tickingClock(), await readChainHead(conn));
    conn.closeSync();
  });
  afterEach(async () => {
    instance.closeSync();
    store = await openStore(path);
  });

  test('a failed flush stores nothing and keeps every entry buffered; a later flush completes the chain', async () => {
    for (let i = 1; i <= 5; i++) journal.append(draft(i));
    const raw = await instance.connect();
    await raw.run(`INSERT INTO journal VALUES (3, 0, NULL, 'signal', 'intruder', NULL, NULL, NULL, '{}', 'x', 'y')`);
    await expect(journal.flush()).rejects.toMatchObject({ name: 'StoreError', code: 'conflict' });
    expect(await stored()).toEqual([3]);
    expect(journal.pendingCount).toBe(5);
    await raw.run('DELETE FROM journal WHERE seq = 3');
    await journal.flush();
    expect(await stored()).toEqual([1, 2, 3, 4, 5]);
    raw.closeSync();
  });

  test('commitWith: entries appended while it commits keep their promised seq, on success and on failure', async () => {
    const tick = () => Promise.resolve();
    journal.append(draft(1));
    const conn = await instance.connect();
    await conn.run('BEGIN TRANSACTION');
    const ok = journal.commitWith(conn, [draft(2), draft(3)], (d) => ({ ...d, data: { failed: true } }));
    await tick();
    expect(journal.append(draft(4))).toBe(4);
    expect((await ok).map((e) => e.seq)).toEqual([2, 3]);
    expect(journal.pendingCount).toBe(1);

    const raw = await instance.connect();
    await raw.run(`INSERT INTO journal VALUES (6, 0, NULL, 'signal', 'intruder', NULL, NULL, NULL, '{}', 'x', 'y')`);
    await conn.run('BEGIN TRANSACTION');
    const failing = journal.commitWith(conn, [draft(5), draft(6)], (d) => ({ ...d, data: { failed: true } }));
    await tick();
    expect(journal.append(draft(7))).toBe(7);
    await expect(failing).rejects.toThrow(/Duplicate key|primary key/i);
    expect(await stored()).toEqual([1, 2, 3, 6]);
    await raw.run('DELETE FROM journal WHERE seq = 6');
    await journal.flush();
    const rows = (await raw.runAndReadAll('SELECT seq::INTEGER, data FROM journal ORDER BY seq')).getRowsJS();
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[4][1]).toBe('{"failed":true}');
    raw.closeSync();
    conn.closeSync();
    expect(await rawCountOpen()).toBe(7);
  });

  async function rawCountOpen(): Promise<number> {
    return Number((await (await instance.connect()).runAndReadAll('SELECT count(*) FROM journal')).getRowsJS()[0][0]);
  }
});

test('rawCount helper reads a closed file', async () => {
  const { path: p, cleanup: c } = tempDbPath();
  const s = await openStore(p);
  await s.close();
  expect(await rawCount(p, 'journal')).toBe(0);
  c();
});
