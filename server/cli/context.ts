import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkStorePath, openStore, StoreError, type Store } from '../../data/index.ts';
import { memoryLimitFromEnv } from './memory-limit.ts';

/** Where the DuckDB file lives: --db, else TRADEBOOK_DB, else ./.tradebook/tradebook.duckdb. */
export function resolveDbPath(flag: string | undefined): string {
  // resolve('') is the working directory, which the store would then blame for being a directory.
  if (flag !== undefined && flag.trim() === '') throw new UsageError('--db needs a file path, got an empty one');
  // An empty (or blank) TRADEBOOK_DB reads as unset (TRADEBOOK_DB= clears it for one command).
  const env = process.env.TRADEBOOK_DB?.trim();
  return resolve(flag ?? (env || '.tradebook/tradebook.duckdb'));
}

/**
 * Opens the store, runs `work`, and always closes it. `readOnly`: DuckDB's READ_ONLY mode, so a missing database is
 * named with how to create one (never created empty), an old schema is reported (never migrated), and several
 * readers may share a file. `mustExist`: read-write, but a missing database is named the same way (a backtest).
 * An older database a writing command upgrades is said so on stderr, unless `announceMigration` is false.
 */
export async function withStore<T>(dbFlag: string | undefined, work: (store: Store) => Promise<T>, options: { readOnly?: boolean; mustExist?: boolean; announceMigration?: boolean } = {}): Promise<T> {
  // TRADEBOOK_MEMORY_LIMIT caps DuckDB's own memory (e.g. 256MB) for long replays on small machines.
  const memoryLimit = memoryLimitFromEnv(process.env);
  const readOnly = options.readOnly === true;
  const path = resolveDbPath(dbFlag);
  // A --db that cannot be a store is a mistake in the command (exit 2), not a failure.
  await checkStorePath(path).catch((err: Error) => {
    throw new UsageError(`--db: ${err.message}`);
  });
  // A command that needs what is stored (a backtest needs bars) names a missing database instead of creating it empty.
  if (options.mustExist === true && !readOnly && path !== ':memory:' && (await stat(path).catch(() => null)) === null) {
    throw withRemedy(new StoreError('not_found', `no database at ${path}`), path, dbFlag);
  }
  const store = await openStore(path, { readOnly, memoryLimit }).catch((err: unknown) => {
    throw withRemedy(err, path, dbFlag);
  });
  // Said on stderr (never mixed into --json): builds older than this one can no longer open the file. A database
  // created by this open (migrated from version 0) was not upgraded.
  if (store.migrated.length > 0 && store.migrated[0] > 1 && options.announceMigration !== false) {
    process.stderr.write(`upgraded ${path} from schema version ${store.migrated[0] - 1} to ${store.migrated.at(-1)} (older Tradebook builds cannot open it now)\n`);
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** withStore for a command that only reads. */
export function readStore<T>(dbFlag: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  return withStore(dbFlag, work, { readOnly: true });
}

/** A store that cannot be opened, with what to do about it in CLI terms. */
function withRemedy(err: unknown, path: string, dbFlag: string | undefined): unknown {
  if (!(err instanceof StoreError)) return err;
  const db = dbFlag === undefined ? '' : ` --db ${dbFlag}`;
  if (err.code === 'not_found') {
    return new StoreError('not_found', `${err.message}: create it by importing bars (tradebook data import FILE --symbol SYM${db}), or run npm run demo and read its database with --db .tradebook/demo.duckdb`, { cause: err });
  }
  // An old schema seen read-only: say which command upgrades it.
  if (err.code === 'invalid' && err.message.includes('open it once read-write to migrate')) {
    return new StoreError('invalid', `${err.message}: tradebook data migrate${db || ` --db ${path}`} upgrades it in place (keep a copy if an older build must still read it)`, { cause: err });
  }
  if (err.code === 'locked') {
    return new StoreError('locked', `${err.message}: stop that process (a running tradebook serve, say) and try again, or while it runs use its API instead (/api/runs, /api/logs, /api/market-data)`, { cause: err });
  }
  return err;
}

/** Collects a repeatable `key=value` option into a record, naming the flag when an item is malformed. */
export function collectPairs(flag: string) {
  return (item: string, previous: Record<string, string> = {}): Record<string, string> => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects key=value, got "${item}"`);
    const key = item.slice(0, eq).trim();
    // Given twice, one value would silently win.
    if (Object.hasOwn(previous, key)) throw new UsageError(`${flag} ${key} is given twice ("${previous[key]}" and "${item.slice(eq + 1).trim()}")`);
    return { ...previous, [key]: item.slice(eq + 1).trim() };
  };
}

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses a numeric flag, naming it when the value is not a finite number. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Decimal only: Number() would also take 0x10 (16), 0b11 and 0o7, which nobody means on a money flag.
  const n = DECIMAL.test(value.trim()) ? Number(value) : Number.NaN;
  if (Number.isNaN(n)) throw new UsageError(`${flag} expects a decimal number such as 100000, 0.05 or 1e6, got "${value}"`);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} ${value} is too large to be a number`);
  return n;
}
