import type { DuckDBConnection } from '@duckdb/node-api';
import type { BarBatch, Feed, Timeframe } from '../../engine/index.ts';
import { readBatches } from './feed-reader.ts';
import { resolveFeedQuery, selectionSql, type FeedQuery, type ResolvedFeedQuery } from './feed-query.ts';
import { computeFeedStats, type FeedStats } from './feed-stats.ts';
import { StoreError, toStoreError } from './store-error.ts';

/**
 * Replays of at most this many rows read each sort window in one call, the next sorted while one is read; longer
 * ones stream (a materialised result waits for the garbage collector to be freed: 56 bytes a row).
 */
const MATERIALIZE_MAX_ROWS = 1_048_576;

/** A Feed replaying stored bars, with what it will deliver known up front. */
export interface StoreFeed extends Feed {
  /** Rows (bars) the feed delivers. */
  readonly count: number;
  /** Distinct timestamps (slices) the feed delivers. */
  readonly slices: number;
  /** sha256 of a canonical description of exactly the rows delivered (see computeFeedStats). */
  readonly fingerprint: string;
  /** First and last bar open delivered, UTC epoch ms; NaN when count is 0. */
  readonly firstTs: number;
  readonly lastTs: number;
  /** Releases the feed's connection; idempotent. Reading to the end (or stopping early) also closes it. */
  close(): Promise<void>;
}

/**
 * Opens a feed on its own connection and read transaction, so the counts, the fingerprint and the
 * batches all come from one snapshot, whatever other connections write meanwhile. One pass:
 * `batches()` can be iterated once.
 */
export async function openStoreFeed(conn: DuckDBConnection, query: FeedQuery, onClose: () => void): Promise<StoreFeed> {
  let q: ResolvedFeedQuery;
  let stats: FeedStats;
  let sel: string;
  try {
    q = resolveFeedQuery(query);
    await conn.run('BEGIN TRANSACTION');
    sel = await selectionSql(conn, q);
    stats = await computeFeedStats(conn, q, sel);
  } catch (err) {
    conn.closeSync();
    onClose();
    throw toStoreError(err, 'cannot open the feed');
  }
  return new DuckFeed(conn, q.symbols, q.timeframe, stats, sel, q.batchSize, q.reuseBatches, onClose);
}

class DuckFeed implements StoreFeed {
  readonly count: number;
  readonly slices: number;
  readonly fingerprint: string;
  readonly firstTs: number;
  readonly lastTs: number;
  #state: 'ready' | 'reading' | 'closed' = 'ready';

  constructor(
    private readonly conn: DuckDBConnection,
    readonly universe: readonly string[],
    readonly timeframe: Timeframe,
    private readonly stats: FeedStats,
    private readonly sel: string,
    private readonly batchSize: number,
    private readonly reuseBatches: boolean,
    private readonly onClose: () => void,
  ) {
    ({ count: this.count, slices: this.slices, fingerprint: this.fingerprint, firstTs: this.firstTs, lastTs: this.lastTs } = stats);
  }

  batches(): AsyncIterable<BarBatch> {
    if (this.#state !== 'ready') throw new StoreError('invalid', `this feed was already ${this.#state === 'reading' ? 'started' : 'read or closed'}: open a new one to replay again`);
    this.#state = 'reading';
    const queries = this.stats.windows.map(([lo, hi]) => `SELECT ts::DOUBLE, idx, open, high, low, close, volume FROM ${this.sel} WHERE ts >= ${lo} AND ts < ${hi} ORDER BY ts, idx`);
    return this.#read(queries);
  }

  async *#read(queries: string[]): AsyncGenerator<BarBatch> {
    try {
      yield* readBatches(this.conn, queries, this.batchSize, this.count <= MATERIALIZE_MAX_ROWS, this.reuseBatches);
    } catch (err) {
      throw toStoreError(err, 'reading the feed failed');
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    try {
      await this.conn.run('ROLLBACK').catch(() => undefined);
    } finally {
      this.conn.closeSync();
      this.onClose();
    }
  }
}
