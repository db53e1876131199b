import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { JournalDraft, JournalEntry } from './journal.ts';

/** Hash that precedes the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** RFC 8785 canonical JSON; throws on values JSON cannot carry exactly (undefined, NaN, Infinity). */
export function canonicalJson(value: unknown): string {
  assertCanonicalizable(value, '$');
  const text = canonicalize(value);
  if (text === undefined) throw new Error('journal entry is not JSON-serialisable');
  return text;
}

function assertCanonicalizable(value: unknown, path: string): void {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`journal entry has a non-finite number at ${path}`);
  if (value === undefined) throw new Error(`journal entry has undefined at ${path}`);
  if (Array.isArray(value)) value.forEach((v, i) => assertCanonicalizable(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertCanonicalizable(v, `${path}.${k}`);
  }
}

/** sha256(prevHash + canonical JSON of the entry without its hash). */
export function hashEntry(entry: Omit<JournalEntry, 'hash'>): string {
  const body = {
    seq: entry.seq,
    recordedAt: entry.recordedAt,
    runId: entry.runId,
    kind: entry.kind,
    actor: entry.actor,
    ts: entry.ts,
    symbol: entry.symbol,
    orderId: entry.orderId,
    data: entry.data,
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(entry.prevHash).update(canonicalJson(body)).digest('hex');
}

/** Chains a draft onto the entry before it. */
export function chainEntry(draft: JournalDraft, seq: number, prevHash: string, recordedAt: number): JournalEntry {
  const unhashed = { seq, recordedAt, runId: draft.runId, kind: draft.kind, actor: draft.actor, ts: draft.ts, symbol: draft.symbol, orderId: draft.orderId, data: draft.data, prevHash };
  return { seq, recordedAt, runId: draft.runId, kind: draft.kind, actor: draft.actor, ts: draft.ts, symbol: draft.symbol, orderId: draft.orderId, data: draft.data, prevHash, hash: hashEntry(unhashed) };
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
