import type { Store } from '../../data/index.ts';
import type { JournalEntry } from '../../engine/index.ts';

/**
 * The journal entries that led to one order and what became of it, oldest first: the run's start (config and
 * data fingerprint), the signal, the risk verdict, any parent order (for a bracket's stop-loss or take-profit),
 * the order itself, its fills and its final state; for a model's signal also the decision before it (prompt hash,
 * model, raw answer, parse outcome). Each step is found through the causeSeq / signalSeq / decisionSeq links the
 * engine journals, so the trace is exactly what the hash chain holds.
 */
export async function traceOrder(store: Store, orderId: string): Promise<JournalEntry[]> {
  const all = await store.queryJournal({ orderId, limit: 10_000 });
  // A run id (and so its order ids) names what the run computes: a run executed again (--rerun, a cancelled run
  // started again, --llm live) journals the same order ids once per execution. The trace follows the newest
  // execution, the one the stored run row describes, and keeps only entries journalled within it.
  const submitted = all.findLast((e) => e.kind === 'order.submitted');
  if (submitted === undefined) {
    const isRun = (await store.queryJournal({ runId: orderId, limit: 1 })).length > 0;
    throw new Error(isRun ? `${orderId} is a run id; trace takes an order id such as ${orderId}-1 (see fills[].orderId in backtest --json)` : `no journal entries for order ${orderId}`);
  }
  const start = submitted.runId === null ? [] : await store.queryJournal({ runId: submitted.runId, kind: 'run.start', toSeq: submitted.seq, order: 'desc', limit: 1 });
  const next = submitted.runId === null ? [] : await store.queryJournal({ runId: submitted.runId, kind: 'run.start', fromSeq: submitted.seq, order: 'asc', limit: 1 });
  const from = start[0]?.seq ?? 0;
  const until = next[0]?.seq ?? Number.POSITIVE_INFINITY;
  const within = (e: JournalEntry) => e.seq >= from && e.seq < until;
  const own = all.filter(within);
  const causes: JournalEntry[] = [];
  let cause = (submitted.data as { causeSeq?: number | null }).causeSeq ?? null;
  while (cause !== null) {
    const entry = await entryAt(store, cause);
    if (entry === undefined) break;
    causes.unshift(entry);
    const data = entry.data as { signalSeq?: number; causeSeq?: number | null; decisionSeq?: number | null };
    if (entry.kind === 'risk.verdict') cause = data.signalSeq ?? null;
    else if (entry.kind === 'signal') cause = data.decisionSeq ?? null;
    else if (entry.kind === 'order.submitted') {
      // A bracket child: trace its parent order too, and its parent's fills.
      causes.splice(1, 0, ...(await store.queryJournal({ orderId: entry.orderId ?? '', limit: 10_000 })).filter((e) => e.kind === 'fill' && within(e)));
      cause = data.causeSeq ?? null;
    } else cause = null;
  }
  return [...start, ...causes, ...own].sort((a, b) => a.seq - b.seq);
}

async function entryAt(store: Store, seq: number): Promise<JournalEntry | undefined> {
  return (await store.queryJournal({ fromSeq: seq, toSeq: seq, limit: 1 }))[0];
}
