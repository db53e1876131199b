// The demo recreates its database from scratch; it must never do that under a process that has the file open.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openStore } from '../../../data/index.ts';
import { holdDatabase } from '../../../data/store/test-kit.ts';
import { DATA, ROOT, tempDir } from '../../../tests/helpers.ts';
import { dailyBars } from '../../http/test-kit.ts';

/** `tradebook demo …` run from `cwd`, so its default database is `cwd/.tradebook/demo.duckdb`. */
function demo(cwd: string, args: readonly string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'bin/tradebook.mjs'), 'demo', '--data-dir', DATA, '--quiet', ...args], {
      cwd,
      env: { ...process.env, OPENAI_BASE_URL: '', OPENAI_API_KEY: '', TRADEBOOK_DB: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('npm run demo while another process holds the demo database', () => {
  test('refuses, naming the process, and leaves the file and its folder exactly as they were', async () => {
    const cwd = tempDir('tradebook-demo-held-');
    const folder = join(cwd, '.tradebook');
    const db = join(folder, 'demo.duckdb');
    // What a server would have written into the demo database: bars and their journalled import.
    const store = await openStore(db);
    await store.importBars(await dailyBars(['SPY']));
    const bars = (await store.listSeries())[0].count;
    await store.close();

    const holder = await holdDatabase(db);
    try {
      const before = { files: readdirSync(folder).sort(), sha: sha256(db) };
      const r = await demo(cwd);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`error: the database ${db} is in use by another process (`);
      expect(r.stderr).toContain(`PID ${holder.pid}): the demo recreates this database from scratch and would lose what that process writes; nothing was changed.`);
      expect(r.stderr).toContain('Stop that process (a running tradebook serve, say) and run the demo again, or give the demo another --db');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect({ files: readdirSync(folder).sort(), sha: sha256(db) }).toEqual(before);
    } finally {
      await holder.release();
    }
    // The held process's data is all still there.
    const after = await openStore(db, { readOnly: true });
    try {
      expect((await after.listSeries()).map((s) => [s.symbol, s.count])).toEqual([['SPY', bars]]);
      expect(await after.listRuns()).toEqual([]);
    } finally {
      await after.close();
    }
  });
});
