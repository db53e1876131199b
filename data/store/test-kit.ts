// Helpers for the store's tests: temp database files, hand-built bars, raw SQL access.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Clock, Timeframe } from '../../engine/index.ts';
import type { ParsedBars } from '../import/index.ts';

// The project root: the holding child resolves @duckdb/node-api from there.
const ROOT = resolve(import.meta.dirname, '..', '..');

/** A fresh database path inside a new temp folder (the store must create `nested/`). */
export function tempDbPath(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tradebook-store-'));
  return { path: join(dir, 'nested', 'store.duckdb'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock that ticks 1 ms per reading from `start`: distinct, reproducible recordedAt stamps. */
export function tickingClock(start = 1_700_000_000_000): Clock {
  let t = start;
  return { now: () => t++ };
}

/** Bars of one file built directly as columns: close = price(i), open = close - 0.5, high/low ±1. */
export function bars(symbol: string, timeframe: Timeframe, ts: readonly number[], options: { file?: string; price?: (i: number) => number } = {}): ParsedBars {
  const n = ts.length;
  const price = options.price ?? ((i: number) => 100 + i);
  const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    file: options.file ?? `${symbol}-${timeframe}.csv`,
    symbol,
    timeframe,
    length: n,
    ts: Float64Array.from(ts),
    open: col((i) => price(i) - 0.5),
    high: col((i) => price(i) + 1),
    low: col((i) => price(i) - 1),
    close: col(price),
    volume: col((i) => 1000 + i),
  };
}

/** `n` timestamps from `start`, `step` ms apart. */
export function series(start: number, step: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => start + i * step);
}

/** Runs raw SQL on a database file the store has closed (tampering, inspecting). */
export async function withRawDb<T>(path: string, work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Count of rows of a table in a closed database file. */
export async function rawCount(path: string, table: string): Promise<number> {
  return withRawDb(path, async (c) => Number((await c.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRowsJS()[0][0]));
}

/** Every batch of a feed (Node 20 has no Array.fromAsync). */
export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/**
 * Opens the DuckDB file at `path` read-write in a child process and keeps it open (as a running `tradebook serve`
 * would) until `release` is called; resolves once the child holds the file, with the child's pid.
 */
export function holdDatabase(path: string): Promise<{ pid: number; release: () => Promise<void> }> {
  const script = `import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(process.argv[1]);
await db.connect();
process.stdout.write('holding\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, path], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const release = async () => {
    child.kill();
    await exited;
  };
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.stdout.once('data', () => resolve({ pid: child.pid!, release }));
    child.once('exit', (code) => reject(new Error(`the holding process exited (${code}) before it held ${path}: ${err}`)));
  });
}
