/** Display formatting for numbers and dates. Every function returns '—' for null, undefined or non-finite input. */

const DASH = '—';

function usable(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Dollars with thousands separators and cents: 1234.5 → "$1,234.50", −3 → "−$3.00". */
export function formatMoney(x: number | null | undefined): string {
  if (!usable(x)) return DASH;
  const s = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${x < 0 && s !== '0.00' ? '−' : ''}$${s}`;
}

/** A fraction as a percentage with `digits` decimals: 0.1234 → "12.34%". */
export function formatPercent(x: number | null | undefined, digits = 2): string {
  if (!usable(x)) return DASH;
  const s = (Math.abs(x) * 100).toFixed(digits);
  const zero = Number(s) === 0;
  return `${x < 0 && !zero ? '−' : ''}${s}%`;
}

/** A signed difference of fractions in percentage points: 0.012 → "+1.20 pp". */
export function formatPercentPoints(x: number | null | undefined, digits = 2): string {
  if (!usable(x)) return DASH;
  const s = (Math.abs(x) * 100).toFixed(digits);
  if (Number(s) === 0) return `0.${'0'.repeat(digits)} pp`;
  return `${x < 0 ? '−' : '+'}${s} pp`;
}

/** A plain number with up to `digits` decimals and thousands separators: 1234.5678 → "1,234.57". */
export function formatNumber(x: number | null | undefined, digits = 2): string {
  if (!usable(x)) return DASH;
  const s = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
  return `${x < 0 && Number(s.replace(/,/g, '')) !== 0 ? '−' : ''}${s}`;
}

/** A signed number for differences: +0.12, −3, 0. */
export function formatSigned(x: number | null | undefined, digits = 2): string {
  if (!usable(x)) return DASH;
  const s = formatNumber(x, digits);
  return x > 0 && s !== '0' ? `+${s}` : s;
}

/** Compact counts: 950 → "950", 12_300 → "12.3k", 1_000_000 → "1M". */
export function formatCount(x: number | null | undefined): string {
  if (!usable(x)) return DASH;
  const a = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  if (a < 1000) return `${sign}${Math.round(a)}`;
  if (a < 1e6) return `${sign}${trim(a / 1e3)}k`;
  if (a < 1e9) return `${sign}${trim(a / 1e6)}M`;
  return `${sign}${trim(a / 1e9)}B`;
}

function trim(x: number): string {
  return x.toFixed(x < 10 ? 2 : 1).replace(/\.?0+$/, '');
}

/** Epoch ms or ISO text → "YYYY-MM-DD" in UTC (daily bars are dated in UTC). */
export function formatDate(t: number | string | null | undefined): string {
  const ms = toMs(t);
  return ms === null ? DASH : new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms or ISO text → "YYYY-MM-DD HH:MM:SS" UTC, or just the date when the time is midnight. */
export function formatTimestamp(t: number | string | null | undefined): string {
  const ms = toMs(t);
  if (ms === null) return DASH;
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/** Milliseconds as a duration: 850 → "850 ms", 12_500 → "12.5 s", 125_000 → "2 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (!usable(ms)) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms - m * 60_000) / 1000);
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** Epoch ms, a numeric string or ISO text → epoch ms; null when it is none of those. */
export function toMs(t: number | string | null | undefined): number | null {
  if (t === null || t === undefined) return null;
  if (typeof t === 'number') return Number.isFinite(t) ? t : null;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00Z`) : Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

/** A cell value of unknown type for tables: numbers formatted, objects as JSON, null as '—'. */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return DASH;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatNumber(v, 6);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return formatTimestamp(v.getTime());
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
