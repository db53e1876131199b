import type { Command } from 'commander';
import { formatTimestamp, JOURNAL_KINDS, type JournalEntry } from '../../../engine/index.ts';
import { decisionCache } from '../../../data/index.ts';
import { traceOrder } from '../../journal/trace-order.ts';
import { describeMismatch, verifyAudit } from '../../journal/verify-audit.ts';
import { readStore, UsageError } from '../context.ts';
import { type Column, formatTable, printJson } from '../output.ts';

/** Exit code of `journal verify` when it could not verify (missing, locked or unreadable database): not 1, which says the chain is broken. */
export const VERIFY_NOT_DONE = 3;

/** The columns every journal listing starts with. */
const ENTRY_COLUMNS: readonly Column<JournalEntry>[] = [
  { header: 'seq', value: (e) => String(e.seq), align: 'right' },
  { header: 'kind', value: (e) => e.kind },
  { header: 'actor', value: (e) => e.actor },
  { header: 'market time', value: (e) => (e.ts === null ? '' : formatTimestamp(e.ts)) },
];

export function registerJournal(program: Command): void {
  const journal = program.command('journal').description('The append-only, hash-chained audit journal');

  journal
    .command('verify')
    .description('Recompute the hash chain and name the first entry that does not match; check each completed run’s stored metrics against its run.end entry (exit 1 when either fails, 3 when the database could not be read, so nothing was verified)')
    .option('--run <runId>', 'report on one run’s entries')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  tradebook journal verify')
    .action(async (f: { run?: string; db?: string; json?: boolean }) => {
      let verdict: Awaited<ReturnType<typeof verifyAudit>>;
      try {
        verdict = await readStore(f.db, (s) => verifyAudit(s, f.run ? { runId: f.run } : {}));
      } catch (err) {
        // A bad --db is the caller's mistake (2); anything else means nothing was verified, which is not a broken chain.
        if (err instanceof UsageError) throw err;
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exitCode = VERIFY_NOT_DONE;
        return;
      }
      if (!verdict.ok) process.exitCode = 1;
      if (f.json) return printJson(verdict);
      if (verdict.firstBadSeq !== undefined) console.log(`BROKEN at entry ${verdict.firstBadSeq}: ${verdict.reason}`);
      else console.log(`ok: chain intact over all ${verdict.entries} entries${f.run ? ` (run ${f.run} has ${verdict.runEntries} of them)` : ''}`);
      const { checked, unchecked, mismatches } = verdict.runs;
      for (const m of mismatches) console.log(`MISMATCH: ${describeMismatch(m)}`);
      const runs = (n: number) => `${n} completed run${n === 1 ? '' : 's'}`;
      console.log(`runs: stored metrics of ${runs(checked)} compared with their run.end entries, ${mismatches.length} mismatch${mismatches.length === 1 ? '' : 'es'}`);
      if (unchecked.length > 0) console.log(`not compared: ${runs(unchecked.length)} journalled before run.end carried metrics (${unchecked.slice(0, 5).join(', ')}${unchecked.length > 5 ? ', …' : ''})`);
    });

  journal
    .command('trace')
    .description('Walk one order back through the journal: run start, signal, risk verdict, order, fills, final state')
    .argument('<orderId>', 'an order id, e.g. from a fill in backtest --json')
    .option('--prompt', 'also print the exact prompt of each model decision in the trace (stored once by its hash)')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  tradebook journal trace bt-0123456789abcdef-1 --prompt')
    .action(async (orderId: string, f: { db?: string; json?: boolean; prompt?: boolean }) => {
      const { entries, prompts } = await readStore(f.db, async (s) => {
        const trace = await traceOrder(s, orderId);
        const hashes = f.prompt ? trace.filter((e) => e.kind === 'decision').map((e) => String((e.data as { promptHash: string }).promptHash)) : [];
        const cache = decisionCache(s);
        return { entries: trace, prompts: new Map(await Promise.all(hashes.map(async (h) => [h, await cache.prompt(h)] as const))) };
      });
      if (f.json) return printJson(f.prompt ? { entries, prompts: Object.fromEntries(prompts) } : entries);
      console.log(
        formatTable(entries, [...ENTRY_COLUMNS, { header: 'what', value: (e) => clip(describe(e), 110) }]),
      );
      for (const [hash, text] of prompts) {
        console.log(`\nprompt ${hash}:`);
        if (text === null) console.log('  (not stored in this database)');
        else for (const m of JSON.parse(text) as { content: string; role: string }[]) console.log(`--- ${m.role} ---\n${m.content}`);
      }
    });

  journal
    .command('show')
    .description('Show journal entries, oldest first')
    .option('--run <runId>', 'only this run')
    .option('--kind <kinds>', `only these kinds, comma-separated: ${JOURNAL_KINDS.join(', ')}`)
    .option('--symbol <SYM>', 'only this symbol')
    .option('--order <orderId>', 'only this order')
    .option('--limit <n>', 'at most n entries', '200')
    .option('--db <path>', 'DuckDB file')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  tradebook journal show --run bt-0123456789abcdef --kind risk.verdict')
    .action(async (f: { run?: string; kind?: string; symbol?: string; order?: string; limit: string; db?: string; json?: boolean }) => {
      const limit = Number(f.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit expects a whole number >= 1, got "${f.limit}"`);
      // An unknown kind would match nothing and look like an empty journal.
      const kinds = f.kind?.split(',').map((k) => k.trim());
      const unknown = kinds?.find((k) => !(JOURNAL_KINDS as readonly string[]).includes(k));
      if (unknown !== undefined) throw new UsageError(`--kind takes kinds from ${JOURNAL_KINDS.join(', ')}, comma-separated; got "${unknown}"${kinds!.length > 1 ? ` in "${f.kind}"` : ''}`);
      const entries = await readStore(f.db, async (s) => {
        const found = await s.queryJournal({ runId: f.run, kind: kinds, symbol: f.symbol, orderId: f.order, limit, order: 'asc' });
        // A mistyped run id would otherwise look like a run that journalled nothing of this kind.
        if (found.length === 0 && f.run !== undefined && (await s.queryJournal({ runId: f.run, limit: 1 })).length === 0) {
          throw new Error(`no journal entries for run ${f.run} (tradebook runs list shows the stored runs)`);
        }
        return found;
      });
      if (entries.length === 0) process.stderr.write('no entries match\n');
      if (entries.length === limit) process.stderr.write(`showing the first ${limit} matching entries; raise --limit to see more\n`);
      if (f.json) return printJson(entries);
      console.log(
        formatTable(entries, [
          ...ENTRY_COLUMNS,
          { header: 'symbol', value: (e) => e.symbol ?? '' },
          { header: 'order', value: (e) => e.orderId ?? '' },
          { header: 'data', value: (e) => clip(JSON.stringify(e.data), 90) },
          { header: 'hash', value: (e) => e.hash.slice(0, 12) },
        ]),
      );
    });
}

/** One line per entry kind, the facts a reviewer looks for first. */
function describe(e: { kind: string; data: unknown }): string {
  const d = e.data as Record<string, any>;
  switch (e.kind) {
    case 'run.start':
      return `config ${d.config?.strategy ?? ''} ${JSON.stringify(d.config?.params ?? {})}, data ${d.config?.data?.fingerprint?.slice(0, 16) ?? ''}… (${d.config?.data?.bars ?? '?'} bars)`;
    case 'signal':
      return `${d.action} ${d.symbol} ${d.size?.kind}=${d.size?.value}${d.rationale ? ` — ${d.rationale}` : ''}`;
    case 'risk.verdict':
      return `${d.approved ? 'approved' : `rejected: ${d.reason}`} (${(d.verdicts ?? []).map((v: { rule: string; passed: boolean }) => `${v.rule} ${v.passed ? 'ok' : 'FAIL'}`).join(', ')})`;
    case 'order.submitted':
      return `${d.side} ${d.size?.kind}=${d.size?.value} ${d.type} ${d.timeInForce}${d.parentId ? ` (protects ${d.parentId})` : ''}`;
    case 'decision':
      return `${d.model} ${d.outcome}${d.error ? ` (${d.error})` : ''}${d.parseIssues ? ` (${d.parseIssues})` : ''} · prompt ${String(d.promptHash).slice(0, 12)}… · answer ${d.answer ?? '—'}`;
    case 'fill':
      return `${d.side} ${d.qty} @ ${d.price} fee ${d.fee} (${d.filledQty}/${d.quantity}, ${d.status})`;
    default:
      return JSON.stringify(d);
  }
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
