import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { JournalDraft, JournalEntry } from './journal.ts';

export { canonicalJson };

/** Hash that precedes the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * sha256(prevHash + canonical JSON of the entry without its hash). The payload's text is the entry's dataJson when
 * it carries one (an entry read back from storage carries the stored text, so verify hashes the very bytes kept). The canonical body is assembled with its
 * keys in sorted order around the payload's own canonical text, so the payload is serialised once.
 */
export function hashEntry(entry: Omit<JournalEntry, 'hash'>, dataJson: string = entry.dataJson ?? canonicalJson(entry.data)): string {
  return hashFields(entry.seq, entry.recordedAt, entry.runId, entry.kind, entry.actor, entry.ts, entry.symbol, entry.orderId, dataJson, entry.prevHash);
}

function hashFields(seq: number, recordedAt: number, runId: string | null, kind: string, actor: string, ts: number | null, symbol: string | null, orderId: string | null, dataJson: string, prevHash: string): string {
  const body =
    `${prevHash}{"actor":${actorText.of(actor)},"data":${dataJson},"kind":${kindText.of(kind)},"orderId":${orderIdText.of(orderId)},` +
    `"prevHash":${JSON.stringify(prevHash)},"recordedAt":${numberText(recordedAt)},"runId":${runIdText.of(runId)},` +
    `"seq":${numberText(seq)},"symbol":${symbolText.of(symbol)},"ts":${ts === null ? 'null' : numberText(ts)}}`;
  return hash('sha256', body, 'hex');
}

function numberText(x: number): string {
  return typeof x === 'number' && x - x === 0 ? (x === 0 ? '0' : `${x}`) : canonicalJson(x);
}

/** JSON text of one envelope field, remembered while the value repeats (runId, actor and kind mostly do). */
class LastText {
  private last: unknown = LastText;
  private text = '';
  of(s: string | null): string {
    if (s !== this.last) {
      this.text = s === null ? 'null' : JSON.stringify(s);
      this.last = s;
    }
    return this.text;
  }
}
const actorText = new LastText();
const kindText = new LastText();
const orderIdText = new LastText();
const runIdText = new LastText();
const symbolText = new LastText();

/**
 * Chains a draft onto the entry before it, returning the entry and its payload's canonical text (what storage
 * keeps): the draft's own dataJson when it brings one, else canonicalJson(draft.data).
 */
export function chainDraft(draft: JournalDraft, seq: number, prevHash: string, recordedAt: number): { entry: JournalEntry; dataJson: string } {
  const dataJson = flat(draft.dataJson ?? canonicalJson(draft.data));
  return { entry: chainWith(draft, dataJson, seq, prevHash, recordedAt), dataJson };
}

// A payload printed piece by piece is a tree of string fragments (a V8 cons string). Kept for storage, the tree is
// walked again by every native call that reads it (a DuckDB append). Reading a character flattens it in place; the
// read goes to a module variable so the optimiser cannot drop it as unused (an unused read was dropped when hot).
let flattenSink = 0;
function flat(s: string): string {
  flattenSink ^= s.charCodeAt(s.length >> 1);
  return s;
}

/** Chains a draft onto the entry before it. */
export function chainEntry(draft: JournalDraft, seq: number, prevHash: string, recordedAt: number): JournalEntry {
  return chainWith(draft, draft.dataJson ?? canonicalJson(draft.data), seq, prevHash, recordedAt);
}

function chainWith(draft: JournalDraft, dataJson: string, seq: number, prevHash: string, recordedAt: number): JournalEntry {
  const { runId, kind, actor, ts, symbol, orderId, data } = draft;
  const h = hashFields(seq, recordedAt, runId, kind, actor, ts, symbol, orderId, dataJson, prevHash);
  return { seq, recordedAt, runId, kind, actor, ts, symbol, orderId, data, prevHash, hash: h };
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
