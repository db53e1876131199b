import type { JournalEntry } from '../api/types.ts';
import { formatMoney, formatNumber, formatTimestamp } from './format.ts';

/** Journal kinds, for the filter menu. */
export const JOURNAL_KINDS = ['run.start', 'run.end', 'data.sync', 'data.import', 'decision', 'signal', 'signal.invalid', 'risk.verdict', 'order.submitted', 'order.rejected', 'order.cancelled', 'order.filled', 'fill', 'api.request', 'sql.refused'] as const;

type Data = Record<string, unknown>;
const asData = (d: unknown): Data => (d !== null && typeof d === 'object' ? (d as Data) : {});

/** A one-line human summary of an entry's payload, by kind. */
export function summariseEntry(e: JournalEntry): string {
  const d = asData(e.data);
  switch (e.kind) {
    case 'signal':
      return `${d.action ?? ''} ${sizeText(d.size)}${typeof d.rationale === 'string' ? ` — ${d.rationale}` : ''}`.trim();
    case 'risk.verdict':
      return d.approved === true ? `approved ${asData(d.proposal).side ?? ''} ${formatNumber(asData(d.proposal).quantity as number, 6)}`.trim() : `rejected: ${d.reason ?? 'no reason'}`;
    case 'order.filled':
      return `filled ${formatNumber(d.filledQty as number, 6)} @ avg ${formatNumber(d.avgFillPrice as number, 4)}`;
    case 'run.end':
      return `${d.status ?? 'ended'} · final equity ${formatMoney(d.finalEquity as number)} · ${d.slices ?? '?'} slices`;
    case 'fill':
      return `${d.side ?? ''} ${formatNumber(d.qty as number, 6)} @ ${formatNumber(d.price as number, 4)}${typeof d.fee === 'number' ? ` fee ${formatMoney(d.fee)}` : ''}`.trim();
    case 'order.submitted':
      return `${d.side ?? ''} ${d.type ?? ''} ${sizeText(d.size)}`.trim();
    case 'order.rejected':
    case 'order.cancelled':
      return String(d.reason ?? '');
    case 'run.start':
      return `${asData(d.config).strategy ?? ''} ${Array.isArray(asData(d.config).symbols) ? (asData(d.config).symbols as string[]).join(',') : ''}`.trim();
    case 'api.request':
      return requestSummary(d);
    case 'decision':
      return `${d.model ?? 'decision'}${typeof d.promptHash === 'string' ? ` prompt ${d.promptHash.slice(0, 10)}…` : ''}`;
    default: {
      const text = JSON.stringify(e.data);
      return text === undefined ? '' : text.length > 140 ? `${text.slice(0, 140)}…` : text;
    }
  }
}

/** The request fields every api.request entry has; the rest is the route's detail. */
const REQUEST_FIELDS = new Set(['method', 'path', 'status', 'requestId', 'via', 'event']);

/**
 * An api.request entry: either an answered request ({method, path, status, requestId, via, ...the route's detail})
 * or an event journalled on a caller's behalf ({event: "backtest started", jobId, queuedAt, runStartSeq}).
 */
function requestSummary(d: Data): string {
  const request = [d.method, d.path].filter((x) => typeof x === 'string' && x !== '').join(' ');
  const head = typeof d.event === 'string' ? d.event : `${request || 'request'}${typeof d.status === 'number' ? ` → ${d.status}` : ''}`;
  const detail = Object.entries(d)
    .filter(([k, v]) => !REQUEST_FIELDS.has(k) && v !== null && v !== undefined)
    .map(([k, v]) => detailText(k, v));
  return [head, ...detail].join(' · ');
}

function detailText(key: string, v: unknown): string {
  switch (key) {
    case 'jobId':
      return `job ${String(v)}`;
    case 'runStartSeq':
      return `run.start #${String(v)}`;
    case 'queuedAt':
      return `queued ${formatTimestamp(v as number)}`;
    case 'outcome':
      return String(v);
    default: {
      const text = Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
      return `${key} ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
    }
  }
}

function sizeText(size: unknown): string {
  const s = asData(size);
  return typeof s.value === 'number' ? `${s.kind === 'target_weight' ? 'weight ' : s.kind === 'notional' ? '$' : ''}${s.value}${s.kind === 'quantity' ? ' sh' : ''}` : '';
}

/** A trace step's title: "Risk verdict at 2020-01-02". */
export function stepTitle(e: JournalEntry): string {
  const names: Record<string, string> = { 'run.start': 'Run start (config and data)', 'data.sync': 'Data sync', decision: 'Decision (prompt and answer)', signal: 'Signal', 'risk.verdict': 'Risk verdict', 'order.submitted': 'Order', fill: 'Fill', 'order.filled': 'Order filled', 'order.cancelled': 'Order cancelled', 'order.rejected': 'Order rejected' };
  return `${names[e.kind] ?? e.kind}${e.ts !== null ? ` · ${formatTimestamp(e.ts)}` : ''}`;
}
