// What the CLI tells an auditor: journal filters that cannot silently match nothing, through the real bin.
import { describe, expect, test } from 'vitest';
import { JOURNAL_KINDS } from '../engine/index.ts';
import { cli, tempDb } from './helpers.ts';

const db = tempDb();

describe('journal show', () => {
  test('--kind bogus is a usage error (exit 2) that lists every known kind', () => {
    const r = cli(['journal', 'show', '--kind', 'bogus', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"bogus"');
    for (const kind of ['run.start', 'run.end', 'decision', 'signal', 'signal.invalid', 'risk.verdict', 'order.submitted', 'order.filled', 'fill', 'data.import', 'api.request']) expect(r.stderr).toContain(kind);
    expect(JOURNAL_KINDS).toContain('risk.verdict');
  });

  test('a known kind is accepted', () => {
    const r = cli(['journal', 'show', '--kind', 'risk.verdict', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
