// The CLI contract, end to end through the real bin, on real bars and a temp DuckDB file.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { METRIC_KEYS } from '../engine/index.ts';
import { cli, DATA, tempDb, tempDir } from './helpers.ts';

const db = tempDb();
const SPY = join(DATA, 'daily/SPY.csv');
const QQQ = join(DATA, 'daily/QQQ.csv');

beforeAll(() => {
  const a = cli(['data', 'import', SPY, '--symbol', 'SPY', '--db', db, '--quiet']);
  expect(a.code, a.stderr).toBe(0);
  const b = cli(['data', 'import', QQQ, '--symbol', 'QQQ', '--db', db, '--quiet']);
  expect(b.code, b.stderr).toBe(0);
});

describe('help', () => {
  test.each([['data', 'import'], ['data', 'list'], ['backtest'], ['runs', 'list'], ['runs', 'show'], ['runs', 'compare'], ['journal', 'verify'], ['journal', 'show'], ['journal', 'trace'], ['demo']])('%s %s --help shows an example', (...cmd) => {
    const r = cli([...cmd.filter(Boolean), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Example/);
  });
});

describe('data', () => {
  test('list shows both symbols with their real ranges and counts (from the data README)', () => {
    const r = cli(['data', 'list', '--db', db, '--json']);
    const series = JSON.parse(r.stdout);
    expect(series).toEqual([
      { symbol: 'QQQ', timeframe: '1Day', firstTs: '1999-03-10', lastTs: '2021-03-31', count: 3964 },
      { symbol: 'SPY', timeframe: '1Day', firstTs: '1998-01-02', lastTs: '2021-03-31', count: 5849 },
    ]);
  });

  test('re-importing the same file changes nothing', () => {
    const r = cli(['data', 'import', SPY, '--symbol', 'SPY', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 0, replaced: 0, unchanged: 5849 });
  });

  test('a file with one bad row is refused whole, naming file, line and reason; the database is unchanged', () => {
    const dir = tempDir();
    const good = join(dir, 'good.csv');
    const bad = join(dir, 'bad.csv');
    writeFileSync(good, 'timestamp,open,high,low,close,volume\n2030-01-02,10,11,9,10.5,100\n');
    writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2030-01-02,10,11,9,10.5,100\n2030-01-03,NaN,NaN,NaN,NaN,500\n');
    const r = cli(['data', 'import', good, bad, '--symbol', 'NEW', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3`);
    const list = JSON.parse(cli(['data', 'list', '--db', db, '--json']).stdout);
    expect(list.map((s: { symbol: string }) => s.symbol)).toEqual(['QQQ', 'SPY']);
  });
});

describe('backtest', () => {
  const args = ['backtest', '--symbols', 'SPY', '--strategy', 'sma-cross', '--param', 'fast=20', '--param', 'slow=100', '--from', '2005-01-01', '--to', '2015-12-31', '--commission-pct', '0.1', '--slippage-bps', '5', '--db', db, '--json'];

  test('--json is one object with the contract keys, and the same command executed twice is byte-identical', () => {
    const one = cli(args);
    // --rerun: executed again, not answered from the store.
    const two = cli([...args, '--rerun']);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).not.toContain('already stored');
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout);
    expect(Object.keys(report.metrics)).toEqual([...METRIC_KEYS]);
    expect(report.runId).toMatch(/^bt-[0-9a-f]{16}$/);
    expect(report.config).toMatchObject({ symbols: ['SPY'], fill: 'next-open', commission: { pct: 0.1 }, slippageBps: 5 });
    expect(report.trades.length).toBeGreaterThan(0);
    for (const t of report.trades) expect(Object.keys(t)).toEqual(['symbol', 'side', 'qty', 'entryTs', 'entryPrice', 'exitTs', 'exitPrice', 'pnl', 'fees']);
    // every fill's price lies inside its bar (checked against the file itself below) and pays 0.1 % rounded to cents
    for (const f of report.fills) expect(f.fee).toBeCloseTo(Math.round(f.qty * f.price * 0.001 * 100) / 100, 2);
  });

  test('an identical run already stored is printed from the store, not executed again under the same id', () => {
    const first = cli(args);
    const runId = JSON.parse(first.stdout).runId;
    const starts = () => JSON.parse(cli(['journal', 'show', '--run', runId, '--kind', 'run.start', '--db', db, '--json']).stdout).length;
    const before = starts();
    const again = cli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`run ${runId} is already stored with this config and data`);
    expect(again.stdout).toBe(first.stdout);
    expect(starts()).toBe(before);
    // A different config is a different run: it executes.
    const other = cli([...args, '--seed', '7']);
    expect(other.stderr).not.toContain('already stored');
    expect(JSON.parse(other.stdout).runId).not.toBe(runId);
  });

  test('runs list, show and compare find the stored run', () => {
    const a = JSON.parse(cli(args).stdout);
    const b = JSON.parse(cli([...args.slice(0, -1).map((x) => (x === 'slow=100' ? 'slow=50' : x)), '--json']).stdout);
    const list = cli(['runs', 'list', '--db', db, '--json']);
    const ids = JSON.parse(list.stdout).map((r: { runId: string }) => r.runId);
    expect(ids).toContain(a.runId);
    expect(ids).toContain(b.runId);
    const show = cli(['runs', 'show', a.runId, '--db', db]);
    expect(show.stdout).toContain('sharpe');
    const cmp = JSON.parse(cli(['runs', 'compare', a.runId, b.runId, '--db', db, '--json']).stdout);
    expect(cmp.configDiff['params.slow']).toEqual(['100', '50']);
  });

  test.each([
    [['--cash', 'abc'], /--cash expects a decimal number/],
    [['--strategy', 'nope'], /unknown strategy "nope"; known strategies: .*sma-cross/],
    [['--param', 'fast=x'], /fast/],
    [['--risk', 'maxLeverage=2'], /unknown risk limit "maxLeverage"/],
    [['--fill', 'later'], /fill/],
    [['--symbols', 'ZZZZ'], /ZZZZ/],
  ])('bad input %j is refused with a message naming it', (extra, message) => {
    const base = ['backtest', '--symbols', 'SPY', '--strategy', 'sma-cross', '--db', db];
    const merged = [...base];
    for (let i = 0; i < extra.length; i += 2) {
      const at = merged.indexOf(extra[i]);
      if (at >= 0) merged[at + 1] = extra[i + 1];
      else merged.push(extra[i], extra[i + 1]);
    }
    const r = cli(merged);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('journal', () => {
  test('verify passes, then names the first entry a direct edit altered', async () => {
    const ok = cli(['journal', 'verify', '--db', db, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
    const fills = JSON.parse(cli(['journal', 'show', '--kind', 'fill', '--limit', '1', '--db', db, '--json']).stdout);
    const seq = fills[0].seq;
    // Tamper with a copy, as someone with raw file access would, and let verify find it.
    const copy = join(tempDir(), 'tampered.duckdb');
    copyFileSync(db, copy);
    const instance = await DuckDBInstance.create(copy);
    const conn = await instance.connect();
    await conn.run(`UPDATE journal SET data = replace(data, '"price":', '"price":1') WHERE seq = ${seq}`);
    conn.closeSync();
    instance.closeSync();
    const bad = cli(['journal', 'verify', '--db', copy]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`BROKEN at entry ${seq}`);
  });

  test('trace walks an order back to its run, signal and verdict, and a bracket stop to its parent', () => {
    const file = join(tempDir(), 'bracket.csv');
    // Buy 10 SPY at the close of 2020-02-20 with a protective stop at 320: the crash of late February triggers it.
    writeFileSync(file, 'timestamp,symbol,side,quantity,type,limit_price,stop_price,stop_loss,take_profit\n2020-02-20,SPY,buy,10,market,,,320,\n');
    const report = JSON.parse(cli(['backtest', '--symbols', 'SPY', '--strategy', 'signals', '--param', `file=${file}`, '--from', '2020-02-01', '--to', '2020-03-31', '--db', db, '--json']).stdout);
    const [entry, exit] = report.fills;
    expect([entry.side, exit.side]).toEqual(['buy', 'sell']);

    const trace = JSON.parse(cli(['journal', 'trace', entry.orderId, '--db', db, '--json']).stdout);
    expect(trace.map((e: { kind: string }) => e.kind)).toEqual(['run.start', 'signal', 'risk.verdict', 'order.submitted', 'fill', 'order.filled']);
    const [start, signal, verdict, order] = trace;
    expect(start.runId).toBe(report.runId);
    expect(verdict.data.signalSeq).toBe(signal.seq);
    expect(order.data.causeSeq).toBe(verdict.seq);

    const stop = JSON.parse(cli(['journal', 'trace', exit.orderId, '--db', db, '--json']).stdout);
    const kinds = stop.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 4)).toEqual(['run.start', 'signal', 'risk.verdict', 'order.submitted']);
    expect(stop.find((e: { kind: string; orderId: string }) => e.kind === 'order.submitted' && e.orderId === exit.orderId).data.parentId).toBe(entry.orderId);
    expect(kinds.filter((k: string) => k === 'fill')).toHaveLength(2);

    // Executed again: the same order ids are journalled a second time; the trace follows the newest execution only.
    const rerun = cli(['backtest', '--symbols', 'SPY', '--strategy', 'signals', '--param', `file=${file}`, '--from', '2020-02-01', '--to', '2020-03-31', '--db', db, '--json', '--rerun']);
    expect(JSON.parse(rerun.stdout).runId).toBe(report.runId);
    const retrace = JSON.parse(cli(['journal', 'trace', entry.orderId, '--db', db, '--json']).stdout);
    expect(retrace.map((e: { kind: string }) => e.kind)).toEqual(['run.start', 'signal', 'risk.verdict', 'order.submitted', 'fill', 'order.filled']);
    expect(retrace[0].seq).toBeGreaterThan(trace.at(-1).seq);
    const restop = JSON.parse(cli(['journal', 'trace', exit.orderId, '--db', db, '--json']).stdout);
    expect(restop.map((e: { kind: string }) => e.kind)).toEqual(kinds);
    expect(restop[0].seq).toBeGreaterThan(stop.at(-1).seq);

    const missing = cli(['journal', 'trace', 'bt-nope-1', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no journal entries for order bt-nope-1');
    const runInstead = cli(['journal', 'trace', report.runId, '--db', db]);
    expect(runInstead.stderr).toContain(`${report.runId} is a run id; trace takes an order id`);
  });
});

