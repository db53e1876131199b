import { resolve } from 'node:path';
import { checkStorePath, openStore, type Store } from '../../data/index.ts';
import { memoryLimitFromEnv } from './memory-limit.ts';

/** Where the DuckDB file lives: --db, else TRADEBOOK_DB, else ./.tradebook/tradebook.duckdb. */
export function resolveDbPath(flag: string | undefined): string {
  return resolve(flag ?? process.env.TRADEBOOK_DB ?? '.tradebook/tradebook.duckdb');
}

/** Opens the store, runs `work`, and always closes it. */
export async function withStore<T>(dbFlag: string | undefined, work: (store: Store) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
  // TRADEBOOK_MEMORY_LIMIT caps DuckDB's own memory (e.g. 256MB) for long replays on small machines.
  const memoryLimit = memoryLimitFromEnv(process.env);
  const path = resolveDbPath(dbFlag);
  // A --db that cannot be a store is a mistake in the command (exit 2), not a failure.
  await checkStorePath(path).catch((err: Error) => {
    throw new UsageError(`--db: ${err.message}`);
  });
  const store = await openStore(path, { ...options, memoryLimit });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Collects a repeatable `key=value` option into a record, naming the flag when an item is malformed. */
export function collectPairs(flag: string) {
  return (item: string, previous: Record<string, string> = {}): Record<string, string> => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects key=value, got "${item}"`);
    return { ...previous, [item.slice(0, eq).trim()]: item.slice(eq + 1).trim() };
  };
}

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses a numeric flag, naming it when the value is not a finite number. */
export function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} expects a number, got "${value}"`);
  return n;
}
