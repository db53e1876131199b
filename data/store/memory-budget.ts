import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from './sql.ts';

/** DuckDB memory_limit while feeds are the only work: replays read and sort windows, they need little. */
export const REPLAY_MEMORY_LIMIT = '64MB';

/**
 * Chooses DuckDB's memory_limit from what the store is doing. DuckDB keeps every block it reads
 * cached up to its limit (80 % of RAM by default), so a 10M-bar replay would otherwise hold
 * hundreds of MB of cached table data it never needs again. While feeds are open and nothing
 * writes, the limit drops to REPLAY_MEMORY_LIMIT; writes (imports, saving runs, whose index
 * updates need room) get DuckDB's default back. Best effort: a limit DuckDB refuses is left as is.
 * Disabled when the caller fixed a memoryLimit.
 */
export class MemoryBudget {
  #feeds = 0;
  #writes = 0;
  #applied: 'replay' | 'default' = 'default';
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly connect: () => Promise<DuckDBConnection>,
    private readonly enabled: boolean,
  ) {}

  /** Marks work as running until the returned release is called (once). */
  async enter(kind: 'feed' | 'write'): Promise<() => Promise<void>> {
    if (!this.enabled) return async () => {};
    if (kind === 'feed') this.#feeds++;
    else this.#writes++;
    await this.#apply();
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      if (kind === 'feed') this.#feeds--;
      else this.#writes--;
      await this.#apply();
    };
  }

  /** Resolves once no limit change is under way. */
  settled(): Promise<void> {
    return this.#queue;
  }

  #apply(): Promise<void> {
    const run = this.#queue.then(async () => {
      const want = this.#feeds > 0 && this.#writes === 0 ? 'replay' : 'default';
      if (want === this.#applied) return;
      let conn: DuckDBConnection | undefined;
      try {
        conn = await this.connect();
        await conn.run(want === 'replay' ? `SET GLOBAL memory_limit = ${sqlString(REPLAY_MEMORY_LIMIT)}` : 'RESET GLOBAL memory_limit');
        this.#applied = want;
      } catch {
        // Memory in use above the new limit, or the store closing: keep the current limit.
      } finally {
        conn?.closeSync();
      }
    });
    this.#queue = run;
    return run;
  }
}
