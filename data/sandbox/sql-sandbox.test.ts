import { existsSync, readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_DATA_DIR } from '../../engine/strategy/test-harness.ts';
import { parseBarsFile } from '../import/index.ts';
import { openStore, runOnStore, type Store } from '../store/store.ts';
import { starterNotebook } from '../store/notebook-cells.ts';
import { bars, series, tempDbPath, tickingClock } from '../store/test-kit.ts';
import { openSqlSandbox, SqlRefused, sqlResultToArrow, type SqlRefusedCode, type SqlSandbox } from './index.ts';

// The real SPY daily file, read here with a plain split so the expected values do not depend on the importer.
const SPY_CSV = `${TEST_DATA_DIR}/daily/SPY.csv`;
const spyRows = readFileSync(SPY_CSV, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const DAY = 86_400_000;

let store: Store;
let sandbox: SqlSandbox;
let cleanup: () => void;

beforeAll(async () => {
  const tmp = tempDbPath();
  cleanup = tmp.cleanup;
  store = await openStore(tmp.path, { clock: tickingClock() });
  await store.importBars([await parseBarsFile(SPY_CSV, { symbol: 'SPY', timeframe: '1Day' })]);
  store.journal().append({ runId: 'r1', kind: 'run.start', actor: 'engine', ts: null, symbol: null, orderId: null, data: { a: 1 } });
  await store.journal().flush();
  sandbox = await openSqlSandbox(store, { timeoutMs: 5_000 });
});

afterAll(async () => {
  await sandbox?.close();
  await store?.close();
  cleanup?.();
});

async function refusal(sql: string): Promise<SqlRefused> {
  const err = await sandbox.query(sql).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, sql).toBeInstanceOf(SqlRefused);
  return err as SqlRefused;
}

describe('queries over the views', () => {
  test('SELECT over bars gives the CSV file\'s count, first and last close', async () => {
    const r = await sandbox.query(`SELECT count(*) AS n, first(close ORDER BY ts) AS first_close, last(close ORDER BY ts) AS last_close,
      min(ts) AS first_ts FROM bars WHERE symbol = 'SPY' AND timeframe = '1Day'`);
    expect(r.columns).toEqual([
      { name: 'n', type: 'BIGINT' },
      { name: 'first_close', type: 'DOUBLE' },
      { name: 'last_close', type: 'DOUBLE' },
      { name: 'first_ts', type: 'TIMESTAMP' },
    ]);
    expect(r.rows).toEqual([[spyRows.length, Number(spyRows[0][4]), Number(spyRows.at(-1)![4]), `${spyRows[0][0]}T00:00:00.000Z`]]);
    expect(r).toMatchObject({ rowCount: 1, truncated: false });
    expect(r.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  test('WITH, FROM-first, DESCRIBE, SUMMARIZE, EXPLAIN and EXPLAIN ANALYZE run', async () => {
    const yearly = await sandbox.query(`WITH y AS (SELECT year(ts) AS y, last(close ORDER BY ts) AS c FROM bars WHERE symbol = 'SPY' GROUP BY 1)
      SELECT y, round(c / lag(c) OVER (ORDER BY y) - 1, 4) AS ret FROM y ORDER BY y`);
    expect(yearly.rows[0]).toEqual([1998, null]);
    expect(yearly.rowCount).toBe(new Set(spyRows.map((r) => r[0].slice(0, 4))).size);
    expect((await sandbox.query('FROM series')).rows).toEqual([['SPY', '1Day', `${spyRows[0][0]}T00:00:00.000Z`, `${spyRows.at(-1)![0]}T00:00:00.000Z`, spyRows.length]]);
    const describe = await sandbox.query('DESCRIBE bars');
    expect(describe.rows.map((r) => r[0])).toEqual(['symbol', 'timeframe', 'ts', 'ts_ms', 'open', 'high', 'low', 'close', 'volume']);
    expect((await sandbox.query('SUMMARIZE bars')).rowCount).toBe(9);
    const plan = await sandbox.query('/* plan */ EXPLAIN SELECT count(*) FROM bars');
    expect(plan.columns.map((c) => c.name)).toEqual(['explain_key', 'explain_value']);
    expect((await sandbox.query('explain analyze SELECT count(*) FROM bars')).rows[0][0]).toBe('analyzed_plan');
  });

  test('the journal, runs and symbols views read the store; a semicolon inside a string is data', async () => {
    expect((await sandbox.query(`SELECT kind, data->>'a' AS a FROM journal WHERE run_id = 'r1'`)).rows).toEqual([['run.start', '1']]);
    expect((await sandbox.query('SELECT count(*) FROM runs')).rows).toEqual([[0]]);
    expect((await sandbox.query('SELECT symbol FROM symbols')).rows).toEqual([['SPY']]);
    expect((await sandbox.query(`SELECT 'a; DROP TABLE bars' AS s -- trailing; comment`)).rows).toEqual([['a; DROP TABLE bars']]);
  });

  test('the journal view carries prev_hash and hash: the chain links and every hash is recomputed in SQL', async () => {
    const links = await sandbox.query(`SELECT seq, prev_hash, hash, lag(hash, 1, repeat('0', 64)) OVER (ORDER BY seq) AS before FROM journal ORDER BY seq`);
    expect(links.rows.length).toBe(2); // the SPY import and run r1's start
    expect(links.rows[0][1]).toBe('0'.repeat(64)); // GENESIS_HASH: the first entry follows nothing
    for (const [, prev, hash, before] of links.rows) {
      expect(prev).toBe(before);
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // hash = sha256(prev_hash || canonical JSON of the entry, keys sorted), assembled by the auditor from the view alone.
    const recomputed = await sandbox.query(`SELECT seq, hash = sha256(prev_hash || '{"actor":' || to_json(actor) || ',"data":' || data_text || ',"kind":' || to_json(kind)
      || ',"orderId":' || coalesce(to_json(order_id)::VARCHAR, 'null') || ',"prevHash":' || to_json(prev_hash) || ',"recordedAt":' || recorded_at_ms
      || ',"runId":' || coalesce(to_json(run_id)::VARCHAR, 'null') || ',"seq":' || seq || ',"symbol":' || coalesce(to_json(symbol)::VARCHAR, 'null')
      || ',"ts":' || coalesce(ts_ms::VARCHAR, 'null') || '}') AS matches FROM journal ORDER BY seq`);
    expect(recomputed.rows).toEqual([[1, true], [2, true]]);
  });

  test('values come back JSON-safe', async () => {
    const r = await sandbox.query(`SELECT 9007199254740993::BIGINT AS big, 42::BIGINT AS small, 170141183460469231731687303715884105727::HUGEINT AS huge,
      1.25::DECIMAL(5,2) AS dec, DATE '2024-01-02' AS d, TIMESTAMP '2024-01-02 03:04:05.678' AS t, [1, 2] AS l, {'a': 1} AS s,
      NULL AS n, 'inf'::DOUBLE AS inf, true AS b`);
    expect(r.rows[0]).toEqual(['9007199254740993', 42, '170141183460469231731687303715884105727', 1.25, '2024-01-02', '2024-01-02T03:04:05.678Z', [1, 2], { a: 1 }, null, null, true]);
    expect(JSON.parse(JSON.stringify(r.rows))).toEqual(r.rows);
  });
});

describe('refusals', () => {
  test.each<[string, SqlRefusedCode]>([
    ['', 'empty'],
    ['  -- only a comment\n /* and another */ ;', 'empty'],
    ["SELECT * FROM read_csv('/etc/passwd')", 'forbidden_function'],
    ["SELECT * FROM read_csv_auto('/etc/passwd')", 'forbidden_function'],
    ["SELECT * FROM read_parquet('/tmp/x.parquet')", 'forbidden_function'],
    ["SELECT * FROM read_json('/etc/hosts')", 'forbidden_function'],
    ["SELECT * FROM read_text('/etc/passwd')", 'forbidden_function'],
    ["SELECT * FROM read_blob('/etc/passwd')", 'forbidden_function'],
    ["SELECT * FROM glob('/etc/*')", 'forbidden_function'],
    ["SELECT * FROM query('SELECT * FROM journal_head')", 'forbidden_function'],
    ["SELECT * FROM query_table('journal_head')", 'forbidden_function'],
    ['SELECT * FROM duckdb_settings()', 'forbidden_function'],
    ["SELECT current_setting('memory_limit')", 'forbidden_function'],
    ['SELECT * FROM bars WHERE close > (SELECT count(*) FROM read_csv(\'/etc/passwd\'))', 'forbidden_function'],
    ["SELECT nextval('seq')", 'forbidden_function'],
    ['SELECT sleep_ms(100000)', 'forbidden_function'],
    ["SELECT * FROM '/etc/passwd'", 'forbidden_table'],
    ["SELECT * FROM 'data.csv'", 'forbidden_table'],
    ['SELECT * FROM main.journal_head', 'forbidden_table'],
    ['SELECT * FROM journal_head', 'forbidden_table'],
    ['SELECT * FROM schema_migrations', 'forbidden_table'],
    ['SELECT * FROM main.bars', 'forbidden_table'],
    ['SELECT * FROM temp.main.bars', 'forbidden_table'],
    ['SELECT * FROM duckdb_settings', 'forbidden_table'],
    ['SELECT * FROM information_schema.tables', 'forbidden_table'],
    ['SHOW TABLES', 'forbidden_table'],
    ['SHOW ALL TABLES', 'forbidden_table'],
    ['DESCRIBE journal_head', 'forbidden_table'],
    // a CTE defined later does not cover an earlier reference, and a CTE cannot borrow a real table's name
    ['WITH a AS (SELECT * FROM schema_migrations), schema_migrations AS (SELECT 1) SELECT * FROM a', 'forbidden_table'],
    ['WITH journal_head AS (SELECT 1) SELECT * FROM journal_head', 'forbidden_table'],
    ['SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x), x', 'forbidden_table'],
    ["COPY bars TO '/tmp/bars.csv'", 'not_read_only'],
    ["COPY (SELECT * FROM bars) TO '/tmp/bars.parquet' (FORMAT parquet)", 'not_read_only'],
    ["ATTACH '/tmp/other.duckdb' AS other", 'not_read_only'],
    ['INSTALL httpfs', 'not_read_only'],
    ['LOAD httpfs', 'not_read_only'],
    ['SET threads = 1', 'not_read_only'],
    ['SET enable_external_access = true', 'not_read_only'],
    ['RESET threads', 'not_read_only'],
    ['PRAGMA version', 'not_read_only'],
    ['CREATE TABLE t (x INT)', 'not_read_only'],
    ['CREATE MACRO m(x) AS x', 'not_read_only'],
    ['DROP TABLE bars', 'not_read_only'],
    ["INSERT INTO bars VALUES ('X', '1Day', 1, 1, 1, 1, 1, 1)", 'not_read_only'],
    ['UPDATE journal SET kind = 0', 'not_read_only'],
    ['DELETE FROM journal', 'not_read_only'],
    ['ALTER TABLE bars ADD COLUMN x INT', 'not_read_only'],
    ['CALL pragma_version()', 'not_read_only'],
    ["EXPORT DATABASE '/tmp/dump'", 'not_read_only'],
    ['CHECKPOINT', 'not_read_only'],
    ['BEGIN TRANSACTION', 'not_read_only'],
    ['USE memory', 'not_read_only'],
    ['WITH x AS (SELECT 1) INSERT INTO bars SELECT * FROM bars', 'not_read_only'],
    ["EXPLAIN COPY bars TO '/tmp/x.csv'", 'not_read_only'],
    ['SELECT 1; DROP TABLE bars', 'multiple_statements'],
    ['SELECT 1; SELECT 2', 'multiple_statements'],
    ['SELECT 1 /* ; */ ; -- hidden\n DROP TABLE bars', 'multiple_statements'],
    ['EXPLAIN SELECT 1; DROP TABLE bars', 'multiple_statements'],
    ["SELECT * FROM bars, LATERAL read_csv('/etc/passwd')", 'forbidden_function'],
    ["SELECT (SELECT count(*) FROM glob('/etc/*')) AS n", 'forbidden_function'],
    ["SELECT list_transform([1], x -> current_setting('threads'))", 'forbidden_function'],
    ["DESCRIBE SELECT * FROM read_csv('/etc/passwd')", 'forbidden_function'],
    ["SUMMARIZE SELECT * FROM read_json('/etc/passwd')", 'forbidden_function'],
    ["EXPLAIN SELECT * FROM read_csv('/etc/passwd')", 'forbidden_function'],
    ["EXPLAIN ANALYZE SELECT * FROM '/etc/passwd'", 'forbidden_table'],
    ["SELECT * FROM 'http://example.com/x.csv'", 'forbidden_table'],
    ['SELECT * FROM pg_catalog.pg_tables', 'forbidden_table'],
    ['SELECT * FROM sqlite_master', 'forbidden_table'],
    ['WITH RECURSIVE schema_migrations AS (SELECT 1 UNION ALL SELECT 1 FROM schema_migrations) SELECT * FROM schema_migrations', 'forbidden_table'],
    ["SELECT system.main.current_setting('threads')", 'forbidden_function'],
    ['SELECT store.main.my_macro(1)', 'forbidden_function'],
    ['/* /* nested */ EXPLAIN */ DROP TABLE bars', 'not_read_only'],
    // PIVOT without an IN list expands, in DuckDB's parser, into a CREATE TYPE plus the query
    ['PIVOT bars ON symbol USING sum(close)', 'multiple_statements'],
    ['SELEC 1', 'syntax'],
    ['EXPLAIN', 'syntax'],
    ['SELECT no_such_column FROM bars', 'query_error'],
  ])('%j → %s', async (sql, code) => {
    const err = await refusal(sql);
    expect(err.code, err.message).toBe(code);
    expect(err.message.length).toBeGreaterThan(5);
  });

  test.each([
    'SELECT * FROM bars;',
    'select * from "BARS" limit 1',
    'SELECT * FROM bars AS schema_migrations LIMIT 1',
    'WITH x AS (SELECT * FROM bars) SELECT count(*) FROM (SELECT * FROM x)',
    'WITH a AS (SELECT 1 AS v), b AS (SELECT v FROM a) SELECT * FROM b',
    'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r',
    'SELECT * FROM range(3) r, unnest([1, 2]) u',
    'SELECT * FROM generate_series(1, 3)',
    'SELECT symbol FROM bars UNION SELECT symbol FROM symbols',
    "SELECT * FROM (PIVOT (SELECT symbol, close FROM bars) ON symbol IN ('SPY', 'QQQ') USING max(close))",
    "PIVOT (SELECT symbol, year(ts) AS y, close FROM bars) ON symbol IN ('SPY') USING last(close) GROUP BY y",
    "SELECT strftime(ts, '%Y') AS y, avg(close) FROM bars GROUP BY ALL ORDER BY 1 LIMIT 2",
    'SELECT list_transform([1, 2], x -> x * 2) AS l',
    'SELECT regexp_matches(symbol, \'S.Y\') FROM bars LIMIT 1',
    'SELECT * FROM run_equity JOIN runs USING (run_id)',
    'SELECT * FROM llm_decisions, llm_prompts WHERE prompt_hash = hash',
  ])('%j runs', async (sql) => {
    await expect(sandbox.query(sql)).resolves.toMatchObject({ truncated: false });
  });

  test('a refusal names what was refused', async () => {
    expect((await refusal("SELECT * FROM read_csv('/etc/passwd')")).message).toMatch(/read_csv/);
    expect((await refusal('SELECT * FROM main.journal_head')).message).toMatch(/main\.journal_head.*bars/);
    expect((await refusal('DROP TABLE bars')).message).toMatch(/^DROP statements cannot run/);
  });

  test('nothing refused changed the store', async () => {
    expect((await sandbox.query('SELECT count(*) FROM bars')).rows).toEqual([[spyRows.length]]);
    // the import's data.import entry and the run.start entry
    expect((await sandbox.query('SELECT kind FROM journal ORDER BY seq')).rows).toEqual([['data.import'], ['run.start']]);
  });

  test('behind the guard, the whole instance has file access off and its configuration locked', async () => {
    const raw = (sql: string) => runOnStore(store, (c) => c.run(sql), 'raw');
    await expect(raw("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/disabled by configuration|Permission/);
    await expect(raw("COPY (SELECT 1) TO '/tmp/tradebook-sandbox-escape.csv'")).rejects.toThrow(/disabled by configuration|Permission/);
    await expect(raw("ATTACH '/tmp/tradebook-sandbox-escape.duckdb' AS x")).rejects.toThrow(/disabled by configuration|Permission/);
    await expect(raw('SET threads = 1')).rejects.toThrow(/configuration has been locked/);
    await expect(raw('SET GLOBAL lock_configuration = false')).rejects.toThrow(/configuration has been locked/);
    expect(existsSync('/tmp/tradebook-sandbox-escape.csv')).toBe(false);
  });
});

describe('limits', () => {
  test('the row limit truncates and says so, or refuses when asked to', async () => {
    const r = await sandbox.query('SELECT close FROM bars ORDER BY ts', { maxRows: 100 });
    expect(r).toMatchObject({ rowCount: 100, truncated: true });
    expect(r.rows[0]).toEqual([Number(spyRows[0][4])]);
    expect((await sandbox.query('SELECT * FROM range(100)', { maxRows: 100 })).truncated).toBe(false);
    await expect(sandbox.query('SELECT * FROM bars', { maxRows: 10, overflow: 'refuse' })).rejects.toMatchObject({ code: 'too_many_rows' });
  });

  test('a slow query is interrupted within the time limit and the sandbox still answers', async () => {
    const started = performance.now();
    await expect(sandbox.query('SELECT count(*) FROM range(100000000) a, range(100000) b WHERE a.range + b.range = 7', { timeoutMs: 300 })).rejects.toMatchObject({
      name: 'SqlRefused',
      code: 'timeout',
    });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect((await sandbox.query('SELECT 42 AS answer')).rows).toEqual([[42]]);
  });

  test('queries run concurrently on separate connections and all answer', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, k) => sandbox.query(`SELECT ${k} AS k, count(*) AS n FROM bars`)));
    expect(results.map((r) => r.rows[0])).toEqual(Array.from({ length: 6 }, (_, k) => [k, spyRows.length]));
  });
});

describe('Arrow output', () => {
  test('decodes with tableFromIPC to the same values and typed columns', async () => {
    const r = await sandbox.query(`SELECT symbol, ts, ts_ms, close, volume > 1e8 AS busy, year(ts)::INTEGER AS y, ts::DATE AS d,
      CASE WHEN close > 100 THEN NULL ELSE close END AS low_close FROM bars ORDER BY ts LIMIT 300`);
    const table = tableFromIPC(sqlResultToArrow(r));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'symbol:Utf8', 'ts:Timestamp<MILLISECOND>', 'ts_ms:Int64', 'close:Float64', 'busy:Bool', 'y:Int32', 'd:Date32<DAY>', 'low_close:Float64',
    ]);
    expect(table.numRows).toBe(300);
    for (const i of [0, 150, 299]) {
      const row = table.get(i)!.toJSON();
      const [symbol, ts, tsMs, close, busy, y, d, lowClose] = r.rows[i];
      expect(row).toEqual({ symbol, ts: Date.parse(ts as string), ts_ms: BigInt(tsMs as number), close, busy, y, d: Date.parse(d as string), low_close: lowClose });
    }
    expect(table.getChild('low_close')!.nullCount).toBe(r.rows.filter((row) => row[7] === null).length);
  });
});

describe('isolation from the store', () => {
  test('the store stays writable with a sandbox open, and the sandbox sees the new rows', async () => {
    const T0 = Date.UTC(2030, 0, 2);
    const report = await store.importBars([bars('QQQ', '1Day', series(T0, DAY, 3))]);
    expect(report.files[0]).toMatchObject({ inserted: 3 });
    expect((await sandbox.query(`SELECT count(*) FROM bars WHERE symbol = 'QQQ'`)).rows).toEqual([[3]]);
    expect((await store.listSeries()).map((s) => s.symbol)).toEqual(['QQQ', 'SPY']);
  });

  test('a second sandbox on the same store works; closing one leaves the store and the other open', async () => {
    const other = await openSqlSandbox(store);
    expect((await other.query('SELECT count(*) FROM series')).rows).toEqual([[2]]);
    await other.close();
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toMatchObject({ code: 'closed' });
    expect((await sandbox.query('SELECT 1 AS one')).rows).toEqual([[1]]);
    expect((await store.listSeries()).length).toBe(2);
  });
});

describe('the starter notebook', () => {
  test('its SQL cells run in the sandbox and its chart names columns of its source cell', async () => {
    const cells = starterNotebook().cells;
    const results = new Map<string, Awaited<ReturnType<SqlSandbox['query']>>>();
    for (const cell of cells) if (cell.kind === 'sql') results.set(cell.id, await sandbox.query(cell.sql, { maxRows: 10_000 }));
    for (const r of results.values()) expect(r.rowCount).toBeGreaterThan(0);
    const yearly = results.get('spy-yearly')!;
    expect(yearly.rows.find((r) => r[0] === 2008)![2]).toBeLessThan(-0.3);
    for (const cell of cells) {
      if (cell.kind !== 'chart') continue;
      const names = results.get(cell.sourceCellId)!.columns.map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining([cell.x, cell.y]));
    }
  });
});

describe('lifecycle', () => {
  test('close interrupts a running query, which ends as closed', async () => {
    const other = await openSqlSandbox(store, { timeoutMs: 20_000 });
    const started = performance.now();
    const slow = other.query('SELECT count(*) FROM range(100000000) a, range(100000) b WHERE a.range + b.range = 7').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await other.close();
    expect(await slow).toMatchObject({ name: 'SqlRefused', code: 'closed' });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await sandbox.query('SELECT 1 AS one')).rows).toEqual([[1]]);
  });

  test('works on a read-only store, and closing the store stops the sandbox with a SqlRefused', async () => {
    const tmp = tempDbPath();
    try {
      const rw = await openStore(tmp.path);
      await rw.importBars([bars('SPY', '1Day', series(Date.UTC(2024, 0, 2), DAY, 4))]);
      await rw.close();
      const ro = await openStore(tmp.path, { readOnly: true });
      const sb = await openSqlSandbox(ro);
      expect((await sb.query('SELECT count(*) FROM bars')).rows).toEqual([[4]]);
      await ro.close();
      await expect(sb.query('SELECT count(*) FROM bars')).rejects.toMatchObject({ name: 'SqlRefused', code: 'closed' });
      await sb.close();
      await expect(openSqlSandbox(ro)).rejects.toMatchObject({ code: 'closed' });
    } finally {
      tmp.cleanup();
    }
  });
});
