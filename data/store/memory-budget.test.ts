import { DuckDBInstance } from '@duckdb/node-api';
import { expect, test } from 'vitest';
import { MemoryBudget } from './memory-budget.ts';

test('the limit drops while only feeds run, and comes back for writes and when they end', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const limit = async () => (await conn.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRowsJS()[0][0];
  try {
    const initial = await limit();
    const budget = new MemoryBudget(() => instance.connect(), true);
    const feedA = await budget.enter('feed');
    expect(await limit()).toBe('61.0 MiB');
    const write = await budget.enter('write');
    expect(await limit()).toBe(initial);
    const feedB = await budget.enter('feed');
    await write();
    expect(await limit()).toBe('61.0 MiB');
    await feedA();
    await feedA(); // releasing twice counts once
    expect(await limit()).toBe('61.0 MiB');
    await feedB();
    expect(await limit()).toBe(initial);

    const fixed = new MemoryBudget(() => instance.connect(), false);
    await fixed.enter('feed');
    expect(await limit()).toBe(initial);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});
