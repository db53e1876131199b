import { checkRunsAgainstJournal, type JournalVerdict, type RunJournalCheck, type RunJournalMismatch, type Store } from '../../data/index.ts';

/**
 * What `journal verify` and `GET /api/logs/verify` answer: the hash chain's verdict, and the runs table held
 * against the journal. `ok` only when both hold; `firstBadSeq` is present only when the chain itself is broken.
 */
export type AuditVerdict = {
  readonly ok: boolean;
  readonly entries: number;
  readonly lastHash?: string;
  readonly firstBadSeq?: number;
  readonly reason?: string;
  readonly runId?: string;
  readonly runEntries?: number;
  readonly runs: RunJournalCheck;
};

/** Verifies the chain (whole, even for one run) and compares completed runs' stored metrics with their run.end entries. */
export async function verifyAudit(store: Store, opts: { runId?: string } = {}): Promise<AuditVerdict> {
  const chain: JournalVerdict = await store.verifyJournal(opts.runId === undefined ? undefined : opts);
  const runs = await checkRunsAgainstJournal(store, opts);
  if (!chain.ok || runs.mismatches.length === 0) return { ...chain, runs };
  const more = runs.mismatches.length - 1;
  return { ...chain, ok: false, reason: `the runs table disagrees with the journal: ${describeMismatch(runs.mismatches[0])}${more > 0 ? ` (and ${more} more)` : ''}`, runs };
}

/** One mismatch in words, naming the run and the field. */
export function describeMismatch(m: RunJournalMismatch): string {
  if (m.field === 'run.end') return `run ${m.runId} is stored as completed but the journal holds no completed run.end entry for it`;
  return `run ${m.runId} ${m.field} is ${JSON.stringify(m.stored)} in the runs table but ${JSON.stringify(m.journalled)} in its run.end entry (seq ${m.seq})`;
}
