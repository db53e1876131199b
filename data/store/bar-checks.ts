import { createHash } from 'node:crypto';
import { formatTimestamp, TIMEFRAMES } from '../../engine/index.ts';
import type { ParsedBars } from '../import/index.ts';
import { StoreError } from './store-error.ts';

const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Checks the shape of one file's bars before anything touches the database: names, column arrays,
 * whole-millisecond timestamps strictly ascending. Price rules are the table's CHECK; when it refuses
 * a file, `describeRefusedBar` finds the bar to name.
 */
export function checkParsedBars(f: ParsedBars): void {
  const bad = (what: string) => new StoreError('invalid', `${f.file}: ${what}`);
  if (typeof f.symbol !== 'string' || f.symbol === '' || f.symbol.trim() !== f.symbol) throw bad(`symbol must be a non-empty string without surrounding spaces, got ${JSON.stringify(f.symbol)}`);
  if (!TIMEFRAMES.includes(f.timeframe)) throw bad(`timeframe must be one of ${TIMEFRAMES.join(', ')}, got ${JSON.stringify(f.timeframe)}`);
  if (!Number.isSafeInteger(f.length) || f.length < 0) throw bad(`length must be a whole number ≥ 0, got ${f.length}`);
  for (const c of COLUMNS) {
    const column = f[c];
    if (!(column instanceof Float64Array) || column.length < f.length) throw bad(`${c} must be a Float64Array of at least ${f.length} values`);
  }
  const ts = f.ts;
  for (let i = 0; i < f.length; i++) {
    const t = ts[i];
    if (!Number.isSafeInteger(t)) throw bad(`bar ${i + 1}: timestamp ${t} is not whole epoch milliseconds`);
    if (i > 0 && t <= ts[i - 1]) throw bad(`bar ${i + 1}: timestamp ${formatTimestamp(t)} is not after ${formatTimestamp(ts[i - 1])} (bars must be strictly ascending)`);
  }
}

/** The first bar of `f` that the bars table's CHECK refuses, described as check-bars.ts would; null when none does. */
export function describeRefusedBar(f: ParsedBars): string | null {
  for (let i = 0; i < f.length; i++) {
    const [o, h, l, c, v] = [f.open[i], f.high[i], f.low[i], f.close[i], f.volume[i]];
    const at = `bar ${i + 1} (${formatTimestamp(f.ts[i])})`;
    if (!(o > 0 && h > 0 && l > 0 && c > 0 && o < Infinity && h < Infinity && l < Infinity && c < Infinity)) return `${at}: prices must be positive and finite, got open ${o} high ${h} low ${l} close ${c}`;
    if (h < l) return `${at}: high ${h} is below low ${l}`;
    if (h < o || h < c) return `${at}: high ${h} is below max(open ${o}, close ${c})`;
    if (l > o || l > c) return `${at}: low ${l} is above min(open ${o}, close ${c})`;
    if (!(v >= 0 && v < Infinity)) return `${at}: volume must be a finite number ≥ 0, got ${v}`;
  }
  return null;
}

/** sha256 of the bars as imported: symbol, timeframe and the six columns' bytes (not the source file's bytes, which the store never sees). */
export function contentSha256(f: ParsedBars): string {
  const hash = createHash('sha256').update(`${f.symbol}\0${f.timeframe}\0${f.length}\0`);
  for (const c of COLUMNS) {
    const column = f[c];
    hash.update(new Uint8Array(column.buffer, column.byteOffset, f.length * Float64Array.BYTES_PER_ELEMENT));
  }
  return hash.digest('hex');
}
