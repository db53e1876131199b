import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { SCHEMA_VERSION } from './migrations.ts';
import { openStore, type Store } from './store.ts';
import { StoreError } from './store-error.ts';
import { bars, holdDatabase, series, tempDbPath, tickingClock, withRawDb } from './test-kit.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);
let cleanup: () => void = () => {};
afterEach(() => cleanup());

function fresh(): string {
  const t = tempDbPath();
  cleanup = t.cleanup;
  return t.path;
}

describe('openStore', () => {
  test('creates the folder and the file, and migrations are idempotent on reopen', async () => {
    const path = fresh();
    const first = await openStore(path, { clock: tickingClock() });
    await first.importBars([bars('SPY', '1Day', series(T0, DAY, 3))]);
    await first.close();
    expect(existsSync(path)).toBe(true);
    const again = await openStore(path, { clock: tickingClock() });
    expect(await again.listSeries()).toEqual([{ symbol: 'SPY', timeframe: '1Day', firstTs: T0, lastTs: T0 + 2 * DAY, count: 3 }]);
    await again.close();
    const versions = await withRawDb(path, async (c) => (await c.runAndReadAll('SELECT version FROM schema_migrations ORDER BY version')).getRowsJS().map((r) => r[0]));
    expect(versions).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  test('an empty file holds no database: named as such read-only, written into as a new database read-write', async () => {
    const path = fresh();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
    await expect(openStore(path, { readOnly: true })).rejects.toMatchObject({ code: 'not_found', message: `no database at ${path} (the file is empty)` });
    const store = await openStore(path);
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    await store.close();
    expect(readFileSync(path).toString('latin1', 8, 12)).toBe('DUCK');
  });

  test('read-only: reads work, writes fail with a StoreError, nothing is created', async () => {
    const path = fresh();
    const rw = await openStore(path);
    await rw.importBars([bars('SPY', '1Day', series(T0, DAY, 2))]);
    await rw.close();
    const ro = await openStore(path, { readOnly: true });
    try {
      expect((await ro.listSeries()).length).toBe(1);
      await expect(ro.importBars([bars('QQQ', '1Day', [T0])])).rejects.toBeInstanceOf(StoreError);
    } finally {
      await ro.close();
    }
    await expect(openStore(`${path}-missing`, { readOnly: true })).rejects.toBeInstanceOf(StoreError);
    expect(existsSync(`${path}-missing`)).toBe(false);
  });

  test('close is idempotent, and a closed store refuses work with code invalid', async () => {
    const store: Store = await openStore(fresh());
    await store.close();
    await store.close();
    await expect(store.listSeries()).rejects.toMatchObject({ name: 'StoreError', code: 'invalid', message: expect.stringContaining('closed') });
  });

  test('close flushes buffered journal entries', async () => {
    const path = fresh();
    const store = await openStore(path, { clock: tickingClock() });
    store.journal().append({ runId: 'r1', kind: 'run.start', actor: 'engine', ts: null, symbol: null, orderId: null, data: { a: 1 } });
    await store.close();
    const reopened = await openStore(path);
    try {
      expect((await reopened.queryJournal()).map((e) => e.kind)).toEqual(['run.start']);
    } finally {
      await reopened.close();
    }
  });

  test('close waits for calls in flight', async () => {
    const path = fresh();
    const store = await openStore(path);
    const importing = store.importBars([bars('SPY', '1Day', series(T0, DAY, 1000))]);
    await store.close();
    expect((await importing).inserted).toBe(1000);
    const reopened = await openStore(path);
    expect((await reopened.listSeries())[0].count).toBe(1000);
    await reopened.close();
  });
});

describe('opening a store that cannot be opened names the file and why', () => {
  test('read-only: a missing file is not_found "no database at PATH", and neither it nor its folder is created', async () => {
    const path = fresh();
    await expect(openStore(path, { readOnly: true })).rejects.toMatchObject({ name: 'StoreError', code: 'not_found', message: `no database at ${path}` });
    expect(existsSync(path)).toBe(false);
    expect(existsSync(dirname(path))).toBe(false);
  });

  test('read-only: an older schema is reported, not migrated', async () => {
    const path = fresh();
    await (await openStore(path)).close();
    await withRawDb(path, (c) => c.run(`DELETE FROM schema_migrations WHERE version = ${SCHEMA_VERSION}`));
    await expect(openStore(path, { readOnly: true })).rejects.toMatchObject({
      code: 'invalid',
      message: `cannot open the store at ${path}: database schema is version ${SCHEMA_VERSION - 1}, this build needs ${SCHEMA_VERSION}: open it once read-write to migrate`,
    });
    const versions = await withRawDb(path, async (c) => (await c.runAndReadAll('SELECT max(version) FROM schema_migrations')).getRowsJS()[0][0]);
    expect(versions).toBe(SCHEMA_VERSION - 1);
  });

  test('a file another process holds is locked, naming the file and the process, read-write and read-only alike', async () => {
    const path = fresh();
    await (await openStore(path)).close();
    const holder = await holdDatabase(path);
    try {
      for (const readOnly of [false, true]) {
        const err = await openStore(path, { readOnly }).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect(err).toMatchObject({ code: 'locked', message: expect.stringMatching(new RegExp(`^the database ${path} is in use by another process \\(.*node.*, PID ${holder.pid}\\)$`)) });
      }
    } finally {
      await holder.release();
    }
    // Once the other process is gone the file opens as before.
    await (await openStore(path, { readOnly: true })).close();
  });
});
