/** Every kind of audit journal entry, in the order a run writes them (then imports and API requests). */
export const JOURNAL_KINDS = [
  'run.start',
  'run.end',
  'data.sync',
  'data.import',
  'decision',
  'signal',
  'signal.invalid',
  'risk.verdict',
  'order.submitted',
  'order.rejected',
  'order.cancelled',
  'order.filled',
  'fill',
  'api.request',
] as const;

/** Kinds of audit journal entries. */
export type JournalKind = (typeof JOURNAL_KINDS)[number];

/** What a caller hands the journal; sequence, previous hash and hash are added when it is chained. */
export interface JournalDraft {
  readonly runId: string | null;
  readonly kind: JournalKind;
  /** Who caused it: a strategy name, 'engine', 'risk', 'broker', or an API token's name. */
  readonly actor: string;
  /** Market time the entry refers to (epoch ms), null when none. */
  readonly ts: number | null;
  readonly symbol: string | null;
  readonly orderId: string | null;
  /** Canonical-JSON-able payload: no undefined, no non-finite numbers. */
  readonly data: unknown;
  /**
   * canonicalJson(data), when the caller has printed it already (a payload writer for a known shape): the
   * journal then hashes and stores this text instead of printing data again. It must be exactly that text.
   */
  readonly dataJson?: string;
}

/** A chained entry as stored. hash = sha256(prevHash + canonical JSON of every other field). */
export interface JournalEntry extends JournalDraft {
  readonly seq: number;
  /** Wall-clock time the entry was recorded (epoch ms) from the injected clock. */
  readonly recordedAt: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** Journal port: append-only. Appends are buffered; flush makes them durable all-or-nothing. Returns the entry's sequence number. */
export interface Journal {
  append(draft: JournalDraft): number;
  flush(): Promise<void>;
}
