// What the CLI tells an auditor, through the real bin on real bars: data that does not span a run, risk
// rejections by rule, stored metrics held to the journal, journal filters that cannot silently match nothing.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { JOURNAL_KINDS, METRIC_KEYS } from '../engine/index.ts';
import { cli, DATA, tempDb, tempDir } from './helpers.ts';

const db = tempDb();

beforeAll(() => {
  for (const symbol of ['SPY', 'GOOG']) {
    const r = cli(['data', 'import', join(DATA, `daily/${symbol}.csv`), '--symbol', symbol, '--db', db, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }
});

function signalsFile(rows: readonly string[]): string {
  const file = join(tempDir(), 'signals.csv');
  writeFileSync(file, `timestamp,symbol,side,quantity,type,limit_price,stop_price,stop_loss,take_profit\n${rows.join('\n')}\n`);
  return file;
}

describe('a symbol whose data ends before the run does', () => {
  // GOOG's daily file ends 2013-03-01 (data README); SPY's runs to 2021-03-31, so the run ends 2014-12-31.
  // 10 GOOG decided at the close of 2012-06-01 fill at the next open, 2012-06-04: 570.22; GOOG's last close is 806.19.
  const file = signalsFile(['2012-06-01,GOOG,buy,10,market,,,,']);
  const args = ['backtest', '--symbols', 'SPY,GOOG', '--strategy', 'signals', '--param', `file=${file}`, '--from', '2012-01-01', '--to', '2014-12-31', '--db', db];
  const warning =
    "GOOG's bars end 2013-03-01, before the run's last bar 2014-12-31: it was not tradable after then; the long position of 10 still open is marked at its last close 806.19 from then to the end";

  test('warns in --json, journals the warning and the metrics in run.end, and stays byte-identical', () => {
    const a = cli([...args, '--json', '--rerun']);
    expect(a.code, a.stderr).toBe(0);
    const report = JSON.parse(a.stdout);
    expect(report.warnings).toEqual([warning]);
    expect(Object.keys(report.metrics)).toEqual([...METRIC_KEYS]);
    // 100,000 − 10 × 570.22 + 10 × 806.19 (marked at GOOG's last close to the end), no fees
    expect(report.metrics.finalEquity).toBeCloseTo(102_359.7, 6);
    const end = JSON.parse(cli(['journal', 'show', '--run', report.runId, '--kind', 'run.end', '--db', db, '--json']).stdout);
    expect(end).toHaveLength(1);
    expect(end[0].data.warnings).toEqual([warning]);
    expect(end[0].data.metrics).toEqual(report.metrics);
    const b = cli([...args, '--json', '--rerun']);
    expect(b.stdout).toBe(a.stdout);
  });

  test('human output of backtest and runs show print the warning', () => {
    const run = cli(args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`warning: ${warning}`);
    const runId = /run (bt-[0-9a-f]{16})/.exec(run.stdout)![1];
    const shown = cli(['runs', 'show', runId, '--db', db]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`warning: ${warning}`);
  });

  test('a symbol that starts after the run does is named with its first bar', () => {
    // GOOG's first bar is 2004-08-19; SPY's 2004-08-02 is the run's first.
    const r = cli(['backtest', '--symbols', 'SPY,GOOG', '--strategy', 'buy-and-hold', '--from', '2004-08-01', '--to', '2004-09-30', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toEqual(["GOOG's bars start 2004-08-19, after the run's first bar 2004-08-02: it was not tradable before then"]);
  });
});

describe('risk rejections by rule', () => {
  test('the report counts each failing rule; runs show prints the breakdown', () => {
    // With maxOrderNotional 5,000 and maxPositionWeight 0.1 of 100,000, sized at the decision close:
    // 2012-06-01: 100 SPY × 128.16 = 12,816 → fails both; 2012-06-04: 45 × 128.10 = 5,764.50 → fails the notional only
    // (5.8 %); 2012-06-05: 30 × 129.03 = 3,870.90 → approved.
    const file = signalsFile(['2012-06-01,SPY,buy,100,market,,,,', '2012-06-04,SPY,buy,45,market,,,,', '2012-06-05,SPY,buy,30,market,,,,']);
    const args = ['backtest', '--symbols', 'SPY', '--strategy', 'signals', '--param', `file=${file}`, '--from', '2012-05-01', '--to', '2012-06-29', '--risk', 'maxOrderNotional=5000', '--risk', 'maxPositionWeight=0.1', '--db', db];
    const r = cli([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.counts).toMatchObject({ signals: 3, riskRejected: 2, approved: 1 });
    expect(report.riskRejections).toEqual({ maxOrderNotional: 2, maxPositionWeight: 1 });
    const shown = cli(['runs', 'show', report.runId, '--db', db]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('risk rejections by rule: maxOrderNotional 2, maxPositionWeight 1');
    const human = cli([...args, '--rerun']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('risk rejections by rule: maxOrderNotional 2, maxPositionWeight 1');
  });
});

describe('journal verify holds the runs table to the journal', () => {
  test('stored metrics equal run.end’s; a runs-table edit is named by run and field, exit 1', async () => {
    const ok = cli(['journal', 'verify', '--db', db, '--json']);
    expect(ok.code, ok.stdout).toBe(0);
    const verdict = JSON.parse(ok.stdout);
    expect(verdict).toMatchObject({ ok: true, runs: { unchecked: [], mismatches: [] } });
    const runs = JSON.parse(cli(['runs', 'list', '--db', db, '--json']).stdout) as { runId: string; status: string }[];
    expect(verdict.runs.checked).toBe(runs.filter((r) => r.status === 'completed').length);
    expect(verdict.runs.checked).toBeGreaterThan(0);
    expect(cli(['journal', 'verify', '--db', db]).stdout).toMatch(new RegExp(`runs: stored metrics of ${verdict.runs.checked} completed runs compared with their run.end entries, 0 mismatches`));

    // Raise one run's stored Sharpe in a copy, as someone with raw file access would; the chain cannot see it.
    const target = runs[0].runId;
    const copy = join(tempDir(), 'tampered.duckdb');
    copyFileSync(db, copy);
    const instance = await DuckDBInstance.create(copy);
    const conn = await instance.connect();
    await conn.run(`UPDATE runs SET metrics = json_merge_patch(metrics, '{"sharpe": 9.99}') WHERE run_id = '${target}'`);
    conn.closeSync();
    instance.closeSync();
    const bad = cli(['journal', 'verify', '--db', copy]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^ok: chain intact/);
    expect(bad.stdout).toMatch(new RegExp(`MISMATCH: run ${target} metrics.sharpe is 9.99 in the runs table but \\S+ in its run.end entry \\(seq \\d+\\)`));
    const json = JSON.parse(cli(['journal', 'verify', '--db', copy, '--json']).stdout);
    expect(json.ok).toBe(false);
    expect(json.firstBadSeq).toBeUndefined();
    expect(json.runs.mismatches).toHaveLength(1);
    expect(json.runs.mismatches[0]).toMatchObject({ runId: target, field: 'metrics.sharpe', stored: 9.99, seq: expect.any(Number) });
    expect(json.runs.mismatches[0].journalled).not.toBe(9.99);
  });
});

describe('journal show', () => {
  test('--kind bogus is a usage error (exit 2) that lists every known kind', () => {
    const r = cli(['journal', 'show', '--kind', 'bogus', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"bogus"');
    for (const kind of ['run.start', 'run.end', 'decision', 'signal', 'signal.invalid', 'risk.verdict', 'order.submitted', 'order.filled', 'fill', 'data.import', 'api.request']) expect(r.stderr).toContain(kind);
    expect(JOURNAL_KINDS).toContain('risk.verdict');
  });

  test('a run id with no entries at all is named (exit 1); a known run with nothing of a kind is an empty answer (exit 0)', () => {
    const r = cli(['journal', 'show', '--run', 'bt-0000000000000000', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no journal entries for run bt-0000000000000000');
    const runId = JSON.parse(cli(['journal', 'show', '--kind', 'run.end', '--db', db, '--json', '--limit', '1']).stdout)[0].runId as string;
    const none = cli(['journal', 'show', '--run', runId, '--kind', 'api.request', '--db', db, '--json']);
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(none.stderr).toContain('no entries match');
  });

  test('several kinds, comma-separated, give entries of any of them in sequence order; one unknown among them is named', () => {
    const r = cli(['journal', 'show', '--kind', 'order.submitted, fill', '--db', db, '--json', '--limit', '50']);
    expect(r.code, r.stderr).toBe(0);
    const entries = JSON.parse(r.stdout) as { kind: string; seq: number }[];
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(['order.submitted', 'fill']));
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
    const bad = cli(['journal', 'show', '--kind', 'fill,fils', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('got "fils" in "fill,fils"');
  });

  test('a known kind is accepted', () => {
    const r = cli(['journal', 'show', '--kind', 'risk.verdict', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(new Set(JSON.parse(r.stdout).map((e: { kind: string }) => e.kind))).toEqual(new Set(['risk.verdict']));
  });
});
