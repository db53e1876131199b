import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { StoreError } from './store-error.ts';

// DuckDB would happily open a CSV, JSON or Parquet path as an in-memory view and "store" into thin air.
const DATA_FILE_EXTENSIONS = new Set(['.csv', '.tsv', '.json', '.ndjson', '.jsonl', '.parquet', '.txt', '.zip', '.gz']);

/**
 * Refuses a store path that is a directory, names a data file, or holds something other than a DuckDB
 * database, before DuckDB sees it. A missing path is fine: the store creates it.
 */
export async function checkStorePath(path: string): Promise<void> {
  if (path === ':memory:') return;
  if (DATA_FILE_EXTENSIONS.has(extname(path).toLowerCase())) {
    throw new StoreError('invalid', `${path} looks like a data file, not a database: give the store a .duckdb path`);
  }
  const info = await stat(path).catch(() => null);
  if (info === null) return;
  if (info.isDirectory()) throw new StoreError('invalid', `${path} is a directory: give the store a file path such as ${path.replace(/\/$/, '')}/tradebook.duckdb`);
  if (info.size === 0) return;
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(12);
    await handle.read(header, 0, 12, 0);
    // A DuckDB file carries the magic bytes "DUCK" at offset 8.
    if (header.toString('latin1', 8, 12) !== 'DUCK') throw new StoreError('invalid', `${path} is not a DuckDB database file (it holds something else): refusing to open it as a store`);
  } finally {
    await handle.close();
  }
}

/** True when `path` holds a DuckDB database (the magic bytes), false for a missing or other file. */
export async function isDuckDbFile(path: string): Promise<boolean> {
  try {
    await checkStorePath(path);
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
