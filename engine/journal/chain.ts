import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { JournalDraft, JournalEntry } from './journal.ts';

export { canonicalJson };

/** Hash that precedes the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * sha256(prevHash + canonical JSON of the entry without its hash). The canonical body is assembled with its
 * keys in sorted order around the payload's own canonical text, so the payload is serialised once.
 */
export function hashEntry(entry: Omit<JournalEntry, 'hash'>, dataJson: string = canonicalJson(entry.data)): string {
  const body =
    `{"actor":${JSON.stringify(entry.actor)},"data":${dataJson},"kind":${JSON.stringify(entry.kind)},"orderId":${text(entry.orderId)},` +
    `"prevHash":${JSON.stringify(entry.prevHash)},"recordedAt":${canonicalJson(entry.recordedAt)},"runId":${text(entry.runId)},` +
    `"seq":${canonicalJson(entry.seq)},"symbol":${text(entry.symbol)},"ts":${entry.ts === null ? 'null' : canonicalJson(entry.ts)}}`;
  return hash('sha256', entry.prevHash + body, 'hex');
}

function text(s: string | null): string {
  return s === null ? 'null' : JSON.stringify(s);
}

/** Chains a draft onto the entry before it, returning the entry and its payload's canonical text (what storage keeps). */
export function chainDraft(draft: JournalDraft, seq: number, prevHash: string, recordedAt: number): { entry: JournalEntry; dataJson: string } {
  const dataJson = canonicalJson(draft.data);
  const unhashed = { seq, recordedAt, runId: draft.runId, kind: draft.kind, actor: draft.actor, ts: draft.ts, symbol: draft.symbol, orderId: draft.orderId, data: draft.data, prevHash };
  const entry = { seq, recordedAt, runId: draft.runId, kind: draft.kind, actor: draft.actor, ts: draft.ts, symbol: draft.symbol, orderId: draft.orderId, data: draft.data, prevHash, hash: hashEntry(unhashed, dataJson) };
  return { entry, dataJson };
}

/** Chains a draft onto the entry before it. */
export function chainEntry(draft: JournalDraft, seq: number, prevHash: string, recordedAt: number): JournalEntry {
  return chainDraft(draft, seq, prevHash, recordedAt).entry;
}

/** Result of recomputing a chain: ok, or the first entry that does not match and why. */
export type ChainVerdict =
  | { readonly ok: true; readonly entries: number; readonly lastHash: string }
  | { readonly ok: false; readonly entries: number; readonly firstBadSeq: number; readonly reason: string };

/**
 * Recomputes hashes in sequence order. `expectedPrev` is the hash the first entry must point at
 * (GENESIS_HASH for a whole chain). Stops at the first mismatch.
 */
export function verifyChain(entries: Iterable<JournalEntry>, expectedPrev: string = GENESIS_HASH, expectedFirstSeq = 1): ChainVerdict {
  let prev = expectedPrev;
  let nextSeq = expectedFirstSeq;
  let count = 0;
  for (const e of entries) {
    count++;
    if (e.seq !== nextSeq) return { ok: false, entries: count, firstBadSeq: e.seq, reason: `expected seq ${nextSeq}, found ${e.seq} (an entry is missing or out of order)` };
    if (e.prevHash !== prev) return { ok: false, entries: count, firstBadSeq: e.seq, reason: `prevHash ${e.prevHash.slice(0, 12)}… does not match the previous entry's hash ${prev.slice(0, 12)}…` };
    let recomputed: string;
    try {
      recomputed = hashEntry(e);
    } catch (err) {
      return { ok: false, entries: count, firstBadSeq: e.seq, reason: `cannot recompute hash: ${(err as Error).message}` };
    }
    if (recomputed !== e.hash) return { ok: false, entries: count, firstBadSeq: e.seq, reason: `stored hash ${e.hash.slice(0, 12)}… does not match recomputed ${recomputed.slice(0, 12)}… (entry altered)` };
    prev = e.hash;
    nextSeq++;
  }
  return { ok: true, entries: count, lastHash: prev };
}
