// Shared helpers for the golden and CLI tests: temp databases, the real data folder, running the CLI.
import { spawn, spawnSync } from 'node:child_process';
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

/** What a CLI child ended with: exit code or signal, its output, and when it closed (performance.now()). */
export interface CliExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly endedAt: number;
}

/** Starts the real `tradebook` bin as a child the test can signal; `closed` settles when it exits (killed after 120 s). */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [resolve(ROOT, 'bin/tradebook.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const closed = new Promise<CliExit>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, endedAt: performance.now() });
    });
  });
  return { child, closed };
}

/** Runs the real `tradebook` bin without blocking this process (for tests that serve something the CLI calls). */
export async function cliAsync(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await spawnCli(args, env).closed;
  return { code, stdout, stderr };
}
