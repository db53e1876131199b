import { TIMEFRAMES } from '../../engine/index.ts';
import type { RunRecord } from './run-record.ts';
import { StoreError } from './store-error.ts';

const STATUSES = ['completed', 'failed', 'cancelled'];

/** Refuses a record that could not be stored faithfully, naming the field (and point) at fault. */
export function checkRunRecord(r: RunRecord): void {
  checkRunFields(r);
  checkEquity(r, (what) => new StoreError('invalid', `run ${JSON.stringify(r.runId)}: ${what}`));
}

/** checkRunRecord without the equity curve (a run writer checks each slab as it is appended). */
export function checkRunFields(r: Omit<RunRecord, 'equity'>): void {
  const bad = (what: string) => new StoreError('invalid', `run ${JSON.stringify(r.runId)}: ${what}`);
  if (typeof r.runId !== 'string' || r.runId.trim() === '') throw bad('runId must be a non-empty string');
  if (!Number.isSafeInteger(r.createdAt)) throw bad(`createdAt must be whole epoch milliseconds, got ${r.createdAt}`);
  if (!STATUSES.includes(r.status)) throw bad(`status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(r.status)}`);
  if (typeof r.strategy !== 'string' || r.strategy === '') throw bad('strategy must be a non-empty string');
  if (!Array.isArray(r.symbols) || r.symbols.length === 0 || r.symbols.some((s) => typeof s !== 'string' || s === '')) throw bad('symbols must be a non-empty array of non-empty strings');
  if (!TIMEFRAMES.includes(r.timeframe)) throw bad(`timeframe must be one of ${TIMEFRAMES.join(', ')}, got ${JSON.stringify(r.timeframe)}`);
  if (!Number.isSafeInteger(r.fromTs) || !Number.isSafeInteger(r.toTs)) throw bad(`fromTs and toTs must be whole epoch milliseconds, got ${r.fromTs} and ${r.toTs}`);
}

function checkEquity(r: RunRecord, bad: (what: string) => StoreError): void {
  const e = r.equity;
  if (!e || !(e.ts instanceof Float64Array) || !(e.equity instanceof Float64Array)) throw bad('equity must hold Float64Array ts and equity');
  if (!Number.isSafeInteger(e.length) || e.length < 0 || e.length > e.ts.length || e.length > e.equity.length) {
    throw bad(`equity length ${e.length} does not fit its arrays (ts ${e.ts.length}, equity ${e.equity.length})`);
  }
  checkEquitySlab(e.ts, e.equity, e.length, 0, Number.NaN, bad);
}

/**
 * Refuses points [0, length) of a slab that starts at point `offset` of the curve, after a point at `prevTs`
 * (NaN for none): each equity finite, each ts whole milliseconds and after the one before.
 */
export function checkEquitySlab(ts: Float64Array, equity: Float64Array, length: number, offset: number, prevTs: number, bad: (what: string) => StoreError): void {
  let prev = prevTs;
  for (let i = 0; i < length; i++) {
    const v = equity[i];
    if (!Number.isFinite(v)) throw bad(`equity point ${offset + i} (ts ${ts[i]}) is ${v}: a stored run never holds a non-finite equity`);
    const t = ts[i];
    if (!Number.isSafeInteger(t)) throw bad(`equity point ${offset + i} has ts ${t}, not whole epoch milliseconds`);
    if (t <= prev) throw bad(`equity point ${offset + i} has ts ${t}, not after the previous point's ${prev}`);
    prev = t;
  }
}

/**
 * JSON text of a run field. JSON cannot carry NaN or ±Infinity (JSON.stringify would silently write
 * null), so they are refused with their path; undefined object members are dropped as JSON does.
 */
export function jsonText(value: unknown, field: string, runId: string): string {
  // A cheap walk first; the path is worked out only for a value that has a non-finite number (a report holds
  // hundreds of thousands of numbers, and a path string per value cost more than the JSON text itself).
  if (hasNonFinite(value)) throw new StoreError('invalid', `run ${JSON.stringify(runId)}: ${findNonFinite(value, field)} is not a finite number (JSON cannot hold it)`);
  return JSON.stringify(value ?? null);
}

function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object') return false;
  if (ArrayBuffer.isView(value)) {
    const arr = value as unknown as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) if (typeof arr[i] === 'number' && !Number.isFinite(arr[i])) return true;
    return false;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasNonFinite(value[i])) return true;
    return false;
  }
  for (const k in value) {
    if (Object.hasOwn(value, k) && hasNonFinite((value as Record<string, unknown>)[k])) return true;
  }
  return false;
}

function findNonFinite(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  if (ArrayBuffer.isView(value)) {
    const arr = value as unknown as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) if (typeof arr[i] === 'number' && !Number.isFinite(arr[i])) return `${path}[${i}]`;
    return null;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNonFinite(value[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = findNonFinite(v, `${path}.${k}`);
    if (p !== null) return p;
  }
  return null;
}
