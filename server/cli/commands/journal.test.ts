// `journal verify` exit codes: 0 intact, 1 broken (chain or a run's stored metrics), 2 called wrongly, 3 could not
// verify at all (no database, a database another process holds): a CI job must not read a missing file as tampering.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openStore } from '../../../data/index.ts';
import { holdDatabase } from '../../../data/store/test-kit.ts';
import { cli, cliAsync, tempDir } from '../../../tests/helpers.ts';

describe('journal verify when it cannot verify', () => {
  test.each([[[]], [['--json']]])('a missing database exits 3 with the reason on stderr and nothing on stdout (%j)', (extra) => {
    const db = join(tempDir(), 'missing.duckdb');
    const r = cli(['journal', 'verify', '--db', db, ...extra]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^error: no database at ${db}: create it by importing bars`));
    expect(r.stdout).toBe('');
  });

  test('an empty file is no database: exit 3, like a missing one', () => {
    const db = join(tempDir(), 'empty.duckdb');
    writeFileSync(db, '');
    const r = cli(['journal', 'verify', '--db', db]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^error: no database at ${db} \\(the file is empty\\): create it by importing bars`));
  });

  test('a database another process holds exits 3, naming the process', async () => {
    const db = join(tempDir(), 'held.duckdb');
    await (await openStore(db)).close();
    const holder = await holdDatabase(db);
    try {
      const r = await cliAsync(['journal', 'verify', '--db', db]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(`error: the database ${db} is in use by another process (`);
      expect(r.stderr).toContain(`PID ${holder.pid})`);
    } finally {
      await holder.release();
    }
    // Released, the same (empty, intact) database verifies: exit 0.
    const ok = cli(['journal', 'verify', '--db', db]);
    expect(ok.code, ok.stderr).toBe(0);
  });

  test('a --db that cannot be a database is still a usage error (2)', () => {
    const r = cli(['journal', 'verify', '--db', tempDir()]);
    expect(r.code, r.stderr).toBe(2);
  });
});
