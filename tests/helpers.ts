// Shared helpers for the golden and CLI tests: temp databases, the real data folder, running the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const DATA = process.env.TRADEBOOK_DATA_DIR ?? resolve(ROOT, '..', 'shared', 'data');

export function tempDir(prefix = 'tradebook-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempDb(): string {
  return join(tempDir(), 'test.duckdb');
}

/** Runs the real `tradebook` bin in a child process. */
export function cli(args: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/tradebook.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
