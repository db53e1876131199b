import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { migrate, SCHEMA_VERSION } from './migrations.ts';
import { openStore } from './store.ts';
import { tempDbPath, withRawDb } from './test-kit.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);
let cleanup: () => void = () => {};
afterEach(() => cleanup());

/** A database as the build before run numbers left it: two runs with equity rows keyed by run id, and one orphan row. */
async function versionSixDatabase(): Promise<string> {
  const t = tempDbPath();
  cleanup = t.cleanup;
  mkdirSync(dirname(t.path), { recursive: true });
  await withRawDb(t.path, async (c) => {
    expect(await migrate(c, { readOnly: false, now: () => 0, upTo: 6 })).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [runId, createdAt, points] of [['bt-b', 2, 2], ['bt-a', 1, 3]] as const) {
      await c.run(
        `INSERT INTO runs VALUES ($1, ${createdAt}, 'completed', 'sma-cross', ['SPY'], '1Day', ${T0}, ${T0 + (points - 1) * DAY}, '{"cash":1000}', '{}', '{}', '{}', ${points})`,
        [runId],
      );
      for (let i = 0; i < points; i++) await c.run(`INSERT INTO run_equity VALUES ($1, ${T0 + i * DAY}, ${1000 + createdAt * 100 + i})`, [runId]);
    }
    await c.run(`INSERT INTO run_equity VALUES ('bt-gone', ${T0}, 5)`);
  });
  return t.path;
}

describe('migration 7: equity points keyed by run number', () => {
  test('every stored curve survives, point for point, and new runs take numbers after the old ones', async () => {
    const path = await versionSixDatabase();
    const store = await openStore(path);
    try {
      const a = await store.getEquity('bt-a');
      expect([...a.ts]).toEqual([T0, T0 + DAY, T0 + 2 * DAY]);
      expect([...a.equity]).toEqual([1100, 1101, 1102]);
      const b = await store.getEquity('bt-b');
      expect([...b.equity]).toEqual([1200, 1201]);
      await store.saveRun({
        runId: 'bt-c',
        createdAt: 3,
        status: 'completed',
        strategy: 'buy-and-hold',
        symbols: ['SPY'],
        timeframe: '1Day',
        fromTs: T0,
        toTs: T0,
        config: {},
        metrics: {},
        result: {},
        equity: { ts: Float64Array.of(T0), equity: Float64Array.of(7), length: 1 },
      });
      expect([...(await store.getEquity('bt-c')).equity]).toEqual([7]);
      expect([...(await store.getEquity('bt-a')).equity]).toEqual([1100, 1101, 1102]);
    } finally {
      await store.close();
    }
    await withRawDb(path, async (c) => {
      const rows = (await c.runAndReadAll('SELECT run_id, run_no FROM runs ORDER BY run_no')).getRowsJS();
      // Numbered by creation time, the new run after them; the orphan row had no run and is gone.
      expect(rows).toEqual([['bt-a', 1], ['bt-b', 2], ['bt-c', 3]]);
      expect(Number((await c.runAndReadAll('SELECT count(*) FROM run_points')).getRowsJS()[0][0])).toBe(6);
      expect(Number((await c.runAndReadAll('SELECT max(version) FROM schema_migrations')).getRowsJS()[0][0])).toBe(SCHEMA_VERSION);
    });
  });
});
