import { UsageError } from './context.ts';

/** Units DuckDB's memory_limit takes: decimal KB/MB/GB/TB, binary KiB/MiB/GiB/TiB. */
const UNIT_BYTES: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
const AMOUNT = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b)$/i;

/** Below this DuckDB fails ordinary queries with an out-of-memory error, so a smaller limit is a typo. */
const MIN_BYTES = 16e6;

const EXPECTED = 'an amount of memory of at least 16MB such as 256MB or 2GB (units KB, MB, GB, TB, KiB, MiB, GiB, TiB)';

/**
 * DuckDB's memory limit from TRADEBOOK_MEMORY_LIMIT (unset or empty: DuckDB's default, 80 % of RAM). A value DuckDB
 * would refuse with a bare "Failed to set config", or accept and then fail every query with, is a usage error
 * naming the variable and the value expected.
 */
export function memoryLimitFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.TRADEBOOK_MEMORY_LIMIT;
  if (raw === undefined || raw.trim() === '') return undefined;
  const m = AMOUNT.exec(raw.trim());
  if (m === null || Number(m[1]) * UNIT_BYTES[m[2].toLowerCase()] < MIN_BYTES) {
    throw new UsageError(`TRADEBOOK_MEMORY_LIMIT must be ${EXPECTED}, got ${JSON.stringify(raw)}`);
  }
  return `${m[1]}${m[2]}`;
}
