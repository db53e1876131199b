import type { DuckDBConnection } from '@duckdb/node-api';
import { DAY_MS, nyOffsetMs } from '../../engine/index.ts';

const NOON_MS = 12 * 3_600_000;
const OPEN_MS = 9.5 * 3_600_000;
const CLOSE_MS = 16 * 3_600_000;

/**
 * Creates TEMP MACRO `ny_offset_ms(ts)`: New York's UTC offset (ms) for the UTC day of `ts`, for
 * days from `fromTs` to `toTs`, looked up in a constant list filled from the engine's own session
 * helper (no join, no time-zone function per row). One offset per UTC day, taken at 12:00 UTC,
 * is exact for the session test: New York changes offset at 06:00 or 07:00 UTC, hours before any
 * 09:30–16:00 bar (13:30–21:00 UTC), and every bar the noon offset misplaces is around
 * 01:00–03:00 local, outside the session either way. A test checks this against isRegularSession.
 */
export async function createNyOffsetMacro(conn: DuckDBConnection, fromTs: number, toTs: number): Promise<void> {
  const first = Math.floor(fromTs / DAY_MS);
  const days = Math.floor(toTs / DAY_MS) - first + 1;
  const offsets = Array.from({ length: days }, (_, i) => nyOffsetMs((first + i) * DAY_MS + NOON_MS));
  // SQL lists are 1-based.
  await conn.run(`CREATE OR REPLACE TEMP MACRO ny_offset_ms(ts) AS [${offsets.join(',')}][(floor(ts / ${DAY_MS}) - ${first - 1})::INTEGER]`);
}

/** SQL twin of isRegularSession for bars `b`: the bar opens in [09:30, 16:00) New York time of day (needs the macro). */
export const REGULAR_SESSION_SQL = `((((b.ts + ny_offset_ms(b.ts)) % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) BETWEEN ${OPEN_MS} AND ${CLOSE_MS - 1}`;
