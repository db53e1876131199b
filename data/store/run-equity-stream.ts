import { runOnStore, type Store } from './store.ts';
import { queryRows } from './sql.ts';
import { StoreError } from './store-error.ts';
import { chunkRead } from './chunk-memory.ts';
import { doubleItems } from './vector-items.ts';

/** What is known of a run's equity curve before its first point is read. */
export interface EquityStreamStart {
  readonly points: number;
  /** The run config's starting cash (dollars), null when the config has none. */
  readonly startingCash: number | null;
}

/**
 * Reads a run's equity curve in time order without holding it whole: `onStart` first (not_found names an unknown
 * run), then `onChunk` with fresh arrays of up to `chunkRows` points (default 65,536), each awaited. For
 * responses whose first byte should not wait for the last point.
 */
export async function streamRunEquity(
  store: Store,
  runId: string,
  handlers: { onStart: (start: EquityStreamStart) => void | Promise<void>; onChunk: (ts: Float64Array, equity: Float64Array) => void | Promise<void> },
  options: { chunkRows?: number } = {},
): Promise<number> {
  const chunkRows = options.chunkRows ?? 65_536;
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) throw new StoreError('invalid', `chunkRows must be a whole number ≥ 1, got ${chunkRows}`);
  return runOnStore(
    store,
    async (conn) => {
      const rows = await queryRows(conn, `SELECT equity_points::DOUBLE AS n, try_cast(json_extract(config, '$.cash') AS DOUBLE) AS cash, run_no FROM runs WHERE run_id = $1`, [runId]);
      if (rows.length === 0) throw new StoreError('not_found', `no run with id ${JSON.stringify(runId)}`);
      await handlers.onStart({ points: rows[0].n as number, startingCash: (rows[0].cash as number | null) ?? null });
      const result = await conn.stream('SELECT ts, equity FROM run_points WHERE run_no = $1 ORDER BY ts', [rows[0].run_no as number]);
      let ts = new Float64Array(chunkRows);
      let equity = new Float64Array(chunkRows);
      let filled = 0;
      let total = 0;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) break;
        chunkRead();
        const t = doubleItems(chunk.getColumnVector(0));
        const e = doubleItems(chunk.getColumnVector(1));
        for (let at = 0; at < chunk.rowCount; ) {
          const take = Math.min(chunk.rowCount - at, chunkRows - filled);
          ts.set(t.subarray(at, at + take), filled);
          equity.set(e.subarray(at, at + take), filled);
          filled += take;
          at += take;
          if (filled === chunkRows) {
            await handlers.onChunk(ts, equity);
            total += filled;
            ts = new Float64Array(chunkRows);
            equity = new Float64Array(chunkRows);
            filled = 0;
          }
        }
      }
      if (filled > 0) {
        await handlers.onChunk(ts.slice(0, filled), equity.slice(0, filled));
        total += filled;
      }
      return total;
    },
    `cannot read the equity of run ${runId}`,
  );
}
