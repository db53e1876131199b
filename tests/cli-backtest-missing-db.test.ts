// A backtest can never succeed without stored bars: on a missing database it says so, as the read-only commands
// do, and creates neither the folder nor an empty database.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, tempDir } from './helpers.ts';

describe('backtest on a missing database', () => {
  test('--db in a folder that does not exist: "no database at PATH", exit 1, nothing created', () => {
    const dir = join(tempDir(), 'nonexistent', 'dir');
    const db = join(dir, 'x.duckdb');
    const r = cli(['backtest', '--symbols', 'SPY', '--strategy', 'buy-and-hold', '--db', db]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`error: no database at ${db}: create it by importing bars (tradebook data import FILE --symbol SYM --db ${db})`);
    expect(r.stderr).not.toContain('no 1Day bars');
    expect(existsSync(join(dir, '..'))).toBe(false);
  });

  test('a missing file in a folder that exists (here from TRADEBOOK_DB, as an llm run): the same, and no file appears', () => {
    const dir = tempDir();
    const db = join(dir, 'never.duckdb');
    const r = cli(['backtest', '--symbols', 'SPY', '--strategy', 'llm', '--llm', 'replay', '--json'], { TRADEBOOK_DB: db, OPENAI_BASE_URL: '', TRADEBOOK_LLM_MODEL: 'm' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^error: no database at ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: create it by importing bars`));
    expect(existsSync(db)).toBe(false);
    expect(existsSync(`${db}.wal`)).toBe(false);
  });
});
