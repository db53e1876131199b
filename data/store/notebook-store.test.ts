import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { NotebookCellSchema, NotebookCellsInputSchema, starterNotebook } from './notebook-cells.ts';
import { notebookStore, type NotebookStore } from './notebook-store.ts';
import { openStore, type Store } from './store.ts';
import { StoreError } from './store-error.ts';
import { tempDbPath, tickingClock } from './test-kit.ts';

let store: Store;
let notebooks: NotebookStore;
let cleanup: () => void;

function sequentialIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

beforeEach(async () => {
  const tmp = tempDbPath();
  cleanup = tmp.cleanup;
  store = await openStore(tmp.path);
  notebooks = notebookStore(store, { newId: sequentialIds(), clock: tickingClock(1_000) });
});

afterEach(async () => {
  await store.close();
  cleanup();
});

const sqlCell = { id: 'q', kind: 'sql', sql: 'SELECT 1' } as const;

describe('notebook CRUD', () => {
  test('create then get returns the same notebook, version 1, ids from the generator', async () => {
    const created = await notebooks.create({ title: ' Research ', owner: 'alice', cells: [sqlCell, { kind: 'markdown', source: '# hi' }] });
    expect(created).toEqual({
      id: 'id-1',
      title: 'Research',
      owner: 'alice',
      version: 1,
      cells: [sqlCell, { id: 'id-2', kind: 'markdown', source: '# hi' }],
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    expect(await notebooks.get('id-1')).toEqual(created);
  });

  test('list gives summaries newest-updated first, filtered by owner', async () => {
    await notebooks.create({ title: 'A', owner: 'alice', cells: [sqlCell] });
    await notebooks.create({ title: 'B', owner: 'bob' });
    await notebooks.update('id-1', { expectedVersion: 1, title: 'A2' });
    expect(await notebooks.list()).toEqual([
      { id: 'id-1', title: 'A2', owner: 'alice', version: 2, cellCount: 1, updatedAt: 1_002 },
      { id: 'id-2', title: 'B', owner: 'bob', version: 1, cellCount: 0, updatedAt: 1_001 },
    ]);
    expect((await notebooks.list({ owner: 'bob' })).map((n) => n.id)).toEqual(['id-2']);
  });

  test('update with the current version replaces fields and bumps the version', async () => {
    await notebooks.create({ title: 'A', owner: 'alice', cells: [sqlCell] });
    const cells = [sqlCell, { id: 'c', kind: 'chart', sourceCellId: 'q', mark: 'line', x: 'ts', y: 'close' }] as const;
    const updated = await notebooks.update('id-1', { expectedVersion: 1, cells: [...cells] });
    expect(updated).toMatchObject({ version: 2, title: 'A', cells, createdAt: 1_000, updatedAt: 1_001 });
    expect(await notebooks.get('id-1')).toEqual(updated);
  });

  test('a stale version is a conflict naming both versions, and changes nothing', async () => {
    await notebooks.create({ title: 'A', owner: 'alice' });
    await notebooks.update('id-1', { expectedVersion: 1, title: 'B' });
    const err = await notebooks.update('id-1', { expectedVersion: 1, title: 'C' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'conflict', message: expect.stringMatching(/version 2.*expected version 1/) });
    expect((await notebooks.get('id-1')).title).toBe('B');
  });

  test('concurrent updates from the same version: exactly one wins, the other is a conflict', async () => {
    await notebooks.create({ title: 'A', owner: 'alice' });
    const results = await Promise.allSettled(['X', 'Y', 'Z'].map((title) => notebooks.update('id-1', { expectedVersion: 1, title })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    expect((await notebooks.get('id-1')).version).toBe(2);
  });

  test('delete removes; a stale expected version or an unknown id is refused', async () => {
    await notebooks.create({ title: 'A', owner: 'alice' });
    await expect(notebooks.delete('id-1', { expectedVersion: 3 })).rejects.toMatchObject({ code: 'conflict' });
    await notebooks.delete('id-1', { expectedVersion: 1 });
    await expect(notebooks.get('id-1')).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('id-1') });
    await expect(notebooks.delete('id-1')).rejects.toMatchObject({ code: 'not_found' });
    await expect(notebooks.update('nope', { expectedVersion: 1, title: 'x' })).rejects.toMatchObject({ code: 'not_found' });
  });

  test.each<[string, unknown, RegExp]>([
    ['empty title', { title: '  ', owner: 'a' }, /title: the title is empty/],
    ['no owner', { title: 'T' }, /owner/],
    ['unknown field', { title: 'T', owner: 'a', colour: 'red' }, /colour/],
    ['unknown cell kind', { title: 'T', owner: 'a', cells: [{ kind: 'python', code: '' }] }, /cells\.0\.kind/],
    ['unknown cell field', { title: 'T', owner: 'a', cells: [{ kind: 'sql', sql: 'SELECT 1', extra: 1 }] }, /cells\.0.*extra/],
    ['bad mark', { title: 'T', owner: 'a', cells: [sqlCell, { kind: 'chart', sourceCellId: 'q', mark: 'pie', x: 'a', y: 'b' }] }, /cells\.1\.mark/],
    ['chart of a missing cell', { title: 'T', owner: 'a', cells: [{ kind: 'chart', sourceCellId: 'zz', mark: 'line', x: 'a', y: 'b' }] }, /cells\.0\.sourceCellId: "zz"/],
    ['duplicate ids', { title: 'T', owner: 'a', cells: [sqlCell, sqlCell] }, /cells\.1\.id: duplicate cell id "q"/],
    ['bad run ids', { title: 'T', owner: 'a', cells: [{ kind: 'compare', runIds: [''] }] }, /cells\.0\.runIds\.0/],
    ['bad cell id', { title: 'T', owner: 'a', cells: [{ id: 'a b', kind: 'sql', sql: '' }] }, /cells\.0\.id/],
  ])('create refuses %s with invalid naming the field, storing nothing', async (_, input, message) => {
    await expect(notebooks.create(input as never)).rejects.toMatchObject({ name: 'StoreError', code: 'invalid', message: expect.stringMatching(message) });
    expect(await notebooks.list()).toEqual([]);
  });

  test('update refuses a missing or bad expectedVersion', async () => {
    await notebooks.create({ title: 'A', owner: 'alice' });
    await expect(notebooks.update('id-1', { title: 'B' } as never)).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('expectedVersion') });
    await expect(notebooks.update('id-1', { expectedVersion: 0, title: 'B' })).rejects.toMatchObject({ code: 'invalid' });
  });

  test('notebooks survive closing and reopening the store', async () => {
    const created = await notebooks.create({ title: 'Keep', owner: 'alice', cells: [sqlCell] });
    const path = store.path;
    await store.close();
    store = await openStore(path);
    expect(await notebookStore(store).get(created.id)).toEqual(created);
  });
});

describe('starterNotebook', () => {
  test('is valid, stores as is, and holds each kind of cell', async () => {
    const starter = starterNotebook();
    expect(NotebookCellsInputSchema.safeParse(starter.cells).success).toBe(true);
    for (const cell of starter.cells) expect(NotebookCellSchema.parse(cell)).toEqual(cell);
    expect(new Set(starter.cells.map((c) => c.kind))).toEqual(new Set(['markdown', 'sql', 'chart', 'backtest', 'compare']));
    const created = await notebooks.create({ ...starter, owner: 'new-user' });
    expect(created.cells).toEqual(starter.cells);
    const backtests = starter.cells.flatMap((c) => (c.kind === 'backtest' ? [c.config] : []));
    expect(backtests.map((c) => [c.strategy, c.params])).toEqual([
      ['sma-cross', { fast: '50', slow: '200' }],
      ['buy-and-hold', undefined],
    ]);
  });
});
