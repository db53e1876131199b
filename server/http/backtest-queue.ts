import { randomUUID } from 'node:crypto';
import { StoreError, type Store } from '../../data/index.ts';
import type { Journal, JournalDraft } from '../../engine/index.ts';
import type { BacktestReport } from '../backtest/report.ts';
import type { RunBacktestOptions } from '../backtest/run-backtest.ts';
import { ConfigError } from '../backtest/backtest-config.ts';
import { ApiError, type Issue } from './errors.ts';
import type { Logger } from './logger.ts';

/** Runs one backtest: `runBacktest` from server/backtest, or a wrapper that adds services (LLM clients…). */
export type BacktestRunner = (store: Store, config: unknown, options: RunBacktestOptions) => Promise<BacktestReport>;

export type JobState = 'queued' | 'running' | 'completed' | 'cancelled' | 'failed';

/** A backtest submitted to this server, as the API shows it. */
export interface Job {
  readonly jobId: string;
  /** Content-addressed run id, known once the run has read its config and bars (the `started` event). */
  runId: string | null;
  state: JobState;
  progress: { done: number; total: number };
  readonly createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  readonly actor: string;
  /** invalid_config: the config or its strategy params; store: the store failed; failed: anything else (no bars…). */
  error: { code: 'invalid_config' | 'store' | 'failed'; message: string; issues?: readonly Issue[] } | null;
  metrics: unknown;
  /** For the llm strategy: decisions, cache hits, tokens and dollars (the report's `llm`); null otherwise. */
  llm: unknown;
}

export type JobEvent = { type: 'started' | 'progress' | 'completed' | 'cancelled' | 'failed'; job: Job };

const TERMINAL = new Set<JobState>(['completed', 'cancelled', 'failed']);
export const isFinished = (job: Job) => TERMINAL.has(job.state);

/** Runner options a submitter adds to one job (e.g. the llm strategy's model services). */
export type JobOptions = Pick<RunBacktestOptions, 'llm' | 'reuseStored'>;

interface Entry {
  job: Job;
  config: unknown;
  options: JobOptions;
  abort: AbortController;
  listeners: Set<(e: JobEvent) => void>;
  done: Promise<void>;
  resolveDone: () => void;
  lastProgressAt: number;
}

/** Options of the queue. */
export interface BacktestQueueOptions {
  readonly store: Store;
  readonly runner: BacktestRunner;
  /** Backtests running at once (the rest wait in order). */
  readonly concurrency: number;
  readonly now: () => number;
  readonly logger: Logger;
  /** Least time between two progress events of one job, ms (default 100). */
  readonly progressIntervalMs?: number;
  /** Finished jobs kept for GET (default 200). */
  readonly keepFinished?: number;
}

/**
 * Backtests submitted over HTTP: a FIFO queue with a concurrency limit, running in this process. DuckDB's
 * instance cannot be shared with worker threads, and the engine awaits its feed for every batch, so the
 * event loop keeps answering requests between batches. Cancel goes through each run's AbortSignal.
 */
export class BacktestQueue {
  readonly #entries = new Map<string, Entry>();
  readonly #waiting: Entry[] = [];
  #running = 0;
  #closed = false;

  constructor(private readonly o: BacktestQueueOptions) {}

  /** Queues a config (already validated by the caller); starts it at once when a slot is free. */
  submit(config: unknown, actor: string, options: JobOptions = {}): Job {
    if (this.#closed) throw new ApiError('unavailable', 'the server is shutting down');
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const job: Job = { jobId: `job-${randomUUID()}`, runId: null, state: 'queued', progress: { done: 0, total: 0 }, createdAt: this.o.now(), startedAt: null, endedAt: null, actor, error: null, metrics: null, llm: null };
    const entry: Entry = { job, config, options, abort: new AbortController(), listeners: new Set(), done, resolveDone, lastProgressAt: 0 };
    this.#entries.set(job.jobId, entry);
    this.#waiting.push(entry);
    this.#pump();
    this.#forgetOld();
    return job;
  }

  /** A job by job id or run id (the newest job of that run). */
  get(id: string): Job | undefined {
    return this.#find(id)?.job;
  }

  /** Jobs of this server's life, newest first. */
  list(): Job[] {
    return [...this.#entries.values()].map((e) => e.job).reverse();
  }

  /** Calls `listener` on each event of a job until it finishes; returns the unsubscribe function. */
  subscribe(id: string, listener: (e: JobEvent) => void): () => void {
    const entry = this.#find(id);
    if (entry === undefined) return () => undefined;
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }

  /** Resolves when a job is finished (or at once for an unknown one). */
  finished(id: string): Promise<void> {
    return this.#find(id)?.done ?? Promise.resolve();
  }

  /** Resolves when the job has a run id, or has finished, or after `ms`. */
  async admitted(id: string, ms: number): Promise<Job | undefined> {
    const entry = this.#find(id);
    if (entry === undefined || entry.job.runId !== null || isFinished(entry.job) || entry.job.state === 'queued') return entry?.job;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(stop, ms);
      const off = this.subscribe(id, (e) => (e.type !== 'progress' ? stop() : undefined));
      function stop() {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
    return entry.job;
  }

  /**
   * Forgets a job that failed before it had a run (its config was refused while starting): the caller answers the
   * request with the refusal, and a refused request leaves nothing behind. Other jobs are kept.
   */
  discard(id: string): void {
    const entry = this.#find(id);
    if (entry !== undefined && entry.job.state === 'failed' && entry.job.runId === null) this.#entries.delete(entry.job.jobId);
  }

  /** Cancels a queued job (dropped) or a running one (stopped by its AbortSignal, stored as cancelled). */
  cancel(id: string): Job | undefined {
    const entry = this.#find(id);
    if (entry === undefined || isFinished(entry.job)) return entry?.job;
    if (entry.job.state === 'queued') {
      this.#waiting.splice(this.#waiting.indexOf(entry), 1);
      this.#finish(entry, 'cancelled');
    } else entry.abort.abort();
    return entry.job;
  }

  /** Stops taking jobs, cancels every queued and running one and waits until the running ones have stopped. */
  async close(): Promise<void> {
    this.#closed = true;
    const pending = [...this.#entries.values()].filter((e) => !isFinished(e.job));
    for (const e of pending) this.cancel(e.job.jobId);
    await Promise.all(pending.map((e) => e.done));
  }

  /** Resolves when every job submitted so far has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => e.done));
  }

  get runningCount(): number {
    return this.#running;
  }

  #find(id: string): Entry | undefined {
    const byJob = this.#entries.get(id);
    if (byJob !== undefined) return byJob;
    let found: Entry | undefined;
    for (const e of this.#entries.values()) if (e.job.runId === id) found = e;
    return found;
  }

  #pump(): void {
    while (this.#running < this.o.concurrency && this.#waiting.length > 0) {
      const entry = this.#waiting.shift()!;
      this.#running += 1;
      void this.#run(entry).finally(() => {
        this.#running -= 1;
        this.#pump();
      });
    }
  }

  async #run(entry: Entry): Promise<void> {
    const { job } = entry;
    job.state = 'running';
    job.startedAt = this.o.now();
    const inner = this.o.store.journal();
    // The run id is content-addressed (config + data fingerprint): learn it from the run.start entry.
    // The run's own entries are the engine's; one more, right after run.start, says who started it over HTTP.
    const journal: Journal = {
      append: (draft: JournalDraft) => {
        const seq = inner.append(draft);
        if (draft.kind === 'run.start' && job.runId === null && draft.runId !== null) {
          job.runId = draft.runId;
          inner.append({ runId: draft.runId, kind: 'api.request', actor: job.actor, ts: null, symbol: null, orderId: null, data: { event: 'backtest started', jobId: job.jobId, queuedAt: job.createdAt, runStartSeq: seq } });
          this.#emit(entry, 'started');
        }
        return seq;
      },
      flush: () => inner.flush(),
    };
    try {
      const report = await this.o.runner(this.o.store, entry.config, {
        ...entry.options,
        abort: entry.abort.signal,
        journal,
        now: this.o.now,
        onProgress: (done, total) => {
          job.progress = { done, total };
          const t = performance.now();
          if (t - entry.lastProgressAt >= (this.o.progressIntervalMs ?? 100) || done === total) {
            entry.lastProgressAt = t;
            this.#emit(entry, 'progress');
          }
        },
      });
      job.runId = report.runId;
      job.metrics = report.metrics;
      job.llm = report.llm ?? null;
      this.#finish(entry, report.status === 'completed' ? 'completed' : 'cancelled');
    } catch (err) {
      const io = err instanceof StoreError && err.code === 'io';
      job.error = err instanceof ConfigError ? { code: 'invalid_config', message: err.message, issues: err.issues } : { code: io ? 'store' : 'failed', message: (err as Error).message };
      if (!(err instanceof ConfigError)) this.o.logger.warn('backtest failed', { jobId: job.jobId, runId: job.runId, err });
      this.#finish(entry, 'failed');
    }
  }

  #finish(entry: Entry, state: 'completed' | 'cancelled' | 'failed'): void {
    entry.job.state = state;
    entry.job.endedAt = this.o.now();
    this.#emit(entry, state);
    entry.listeners.clear();
    entry.resolveDone();
  }

  #emit(entry: Entry, type: JobEvent['type']): void {
    for (const l of [...entry.listeners]) {
      try {
        l({ type, job: entry.job });
      } catch (err) {
        this.o.logger.error('job listener failed', { jobId: entry.job.jobId, err });
      }
    }
  }

  #forgetOld(): void {
    const keep = this.o.keepFinished ?? 200;
    const finished = [...this.#entries.values()].filter((e) => isFinished(e.job));
    for (const e of finished.slice(0, Math.max(0, finished.length - keep))) this.#entries.delete(e.job.jobId);
  }
}
