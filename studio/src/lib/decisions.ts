import type { JournalEntry } from '../api/types.ts';

/** One decision as the run detail shows it: the signal (or invalid output), its rationale and the risk gate's answer. */
export interface DecisionRow {
  readonly seq: number;
  readonly ts: number | null;
  readonly symbol: string | null;
  readonly kind: string;
  readonly action: string;
  readonly size: string;
  readonly confidence: number | null;
  readonly rationale: string | null;
  readonly model: string | null;
  /** approved / rejected / invalid / (none: a decision without a signal). */
  readonly verdict: 'approved' | 'rejected' | 'invalid' | 'none';
  readonly verdictReason: string | null;
  /** Each risk rule's result, as journalled. */
  readonly rules: readonly unknown[];
}

type Data = Record<string, unknown>;

const asData = (d: unknown): Data => (d !== null && typeof d === 'object' ? (d as Data) : {});

/**
 * Joins a run's decision-side journal entries (decision, signal, signal.invalid) with its risk verdicts
 * (linked by `signalSeq`), in journal order. A `decision` entry that led to a signal is folded into it
 * (its model and answer fill in the signal's row).
 */
export function joinDecisions(entries: readonly JournalEntry[], verdicts: readonly JournalEntry[]): DecisionRow[] {
  const bySignal = new Map<number, Data>();
  for (const v of verdicts) {
    const d = asData(v.data);
    if (typeof d.signalSeq === 'number') bySignal.set(d.signalSeq, d);
  }
  const decisions = new Map<number, Data>();
  for (const e of entries) if (e.kind === 'decision') decisions.set(e.seq, asData(e.data));
  const used = new Set<number>();
  const rows: DecisionRow[] = [];
  for (const e of entries) {
    const d = asData(e.data);
    if (e.kind === 'signal') {
      const decisionSeq = typeof d.decisionSeq === 'number' ? d.decisionSeq : null;
      const decision = decisionSeq === null ? undefined : decisions.get(decisionSeq);
      if (decisionSeq !== null) used.add(decisionSeq);
      const v = bySignal.get(e.seq);
      rows.push({
        seq: e.seq,
        ts: e.ts,
        symbol: e.symbol,
        kind: e.kind,
        action: String(d.action ?? '?'),
        size: describeSize(d.size),
        confidence: typeof d.confidence === 'number' ? d.confidence : null,
        rationale: typeof d.rationale === 'string' ? d.rationale : null,
        model: modelOf(decision),
        verdict: v === undefined ? 'none' : v.approved === true ? 'approved' : 'rejected',
        verdictReason: v === undefined ? null : typeof v.reason === 'string' ? v.reason : null,
        rules: Array.isArray(v?.verdicts) ? (v!.verdicts as unknown[]) : [],
      });
    } else if (e.kind === 'signal.invalid') {
      if (typeof d.decisionSeq === 'number') used.add(d.decisionSeq);
      rows.push({ seq: e.seq, ts: e.ts, symbol: e.symbol, kind: e.kind, action: 'HOLD', size: '—', confidence: null, rationale: typeof d.issues === 'string' ? `invalid output: ${d.issues}` : 'invalid output', model: modelOf(typeof d.decisionSeq === 'number' ? decisions.get(d.decisionSeq) : undefined), verdict: 'invalid', verdictReason: typeof d.reason === 'string' ? d.reason : null, rules: [] });
    }
  }
  // Decisions that produced no signal (a HOLD, say) still show, with their answer as the rationale.
  for (const e of entries) {
    if (e.kind !== 'decision' || used.has(e.seq)) continue;
    const d = asData(e.data);
    const parsed = asData(d.parsed ?? d.signal ?? d.answer);
    rows.push({ seq: e.seq, ts: e.ts, symbol: e.symbol, kind: e.kind, action: String(parsed.action ?? 'HOLD'), size: describeSize(parsed.size), confidence: typeof parsed.confidence === 'number' ? parsed.confidence : null, rationale: typeof parsed.rationale === 'string' ? parsed.rationale : typeof d.rationale === 'string' ? d.rationale : null, model: modelOf(d), verdict: 'none', verdictReason: null, rules: [] });
  }
  return rows.sort((a, b) => a.seq - b.seq);
}

function modelOf(d: Data | undefined): string | null {
  if (d === undefined) return null;
  return typeof d.model === 'string' ? d.model : null;
}

/** {kind: 'target_weight', value: 1} → "weight 1"; quantity → "100 sh"; notional → "$5000". */
export function describeSize(size: unknown): string {
  const s = asData(size);
  if (typeof s.value !== 'number') return '—';
  if (s.kind === 'quantity') return `${s.value} sh`;
  if (s.kind === 'notional') return `$${s.value}`;
  if (s.kind === 'target_weight') return `weight ${s.value}`;
  return String(s.value);
}
