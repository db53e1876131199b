// An older database: read-only commands refuse it naming the command that upgrades it, and `data migrate` does.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { migrate, SCHEMA_VERSION } from '../data/store/migrations.ts';
import { withRawDb } from '../data/store/test-kit.ts';
import { cli, tempDir } from './helpers.ts';

test('an older schema is named with the command that upgrades it; data migrate upgrades it in place and says to which version', async () => {
  const db = join(tempDir(), 'old.duckdb');
  await withRawDb(db, (c) => migrate(c, { readOnly: false, now: () => 0, upTo: SCHEMA_VERSION - 1 }));
  const refused = cli(['runs', 'list', '--db', db]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`database schema is version ${SCHEMA_VERSION - 1}, this build needs ${SCHEMA_VERSION}`);
  expect(refused.stderr).toContain(`tradebook data migrate --db ${db} upgrades it in place`);
  const migrated = cli(['data', 'migrate', '--db', db]);
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(migrated.stdout).toBe(`${db}: migrated from schema version ${SCHEMA_VERSION - 1} to ${SCHEMA_VERSION}\n`);
  const listed = cli(['runs', 'list', '--db', db, '--json']);
  expect(listed.code, listed.stderr).toBe(0);
  expect(JSON.parse(listed.stdout)).toEqual([]);
  // Again: nothing left to do, and it says so.
  expect(cli(['data', 'migrate', '--db', db]).stdout).toBe(`${db}: schema version ${SCHEMA_VERSION}, current for this build\n`);
});

test('a writing command that upgrades an older database says so on stderr, never in its --json output', async () => {
  const db = join(tempDir(), 'old.duckdb');
  await withRawDb(db, (c) => migrate(c, { readOnly: false, now: () => 0, upTo: SCHEMA_VERSION - 1 }));
  const csv = join(tempDir(), 'bars.csv');
  writeFileSync(csv, 'timestamp,open,high,low,close,volume\n2020-01-02,10,11,9,10,100\n2020-01-03,10,11,9,10.5,100\n');
  const r = cli(['data', 'import', csv, '--symbol', 'AAA', '--db', db, '--json', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe(`upgraded ${db} from schema version ${SCHEMA_VERSION - 1} to ${SCHEMA_VERSION} (older Tradebook builds cannot open it now)\n`);
  expect(JSON.parse(r.stdout)).toMatchObject({ files: [{ inserted: 2 }] });
  // Once upgraded, nothing more is said.
  expect(cli(['data', 'import', csv, '--symbol', 'AAA', '--db', db, '--json', '--quiet']).stderr).toBe('');
  // A database the command creates was not upgraded: nothing is said either.
  const fresh = join(tempDir(), 'new.duckdb');
  const created = cli(['data', 'import', csv, '--symbol', 'AAA', '--db', fresh, '--json', '--quiet']);
  expect(created.code, created.stderr).toBe(0);
  expect(created.stderr).toBe('');
});

test('data migrate never creates a database', () => {
  const db = join(tempDir(), 'missing.duckdb');
  const r = cli(['data', 'migrate', '--db', db]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`no database at ${db}`);
});

test('data migrate on an empty file (touch, mktemp) says it created the database, not that it migrated one', () => {
  const db = join(tempDir(), 'empty.duckdb');
  writeFileSync(db, '');
  const r = cli(['data', 'migrate', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toBe(`${db}: created at schema version ${SCHEMA_VERSION}\n`);
  expect(r.stderr).toBe('');
});
