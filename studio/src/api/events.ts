import type { Job } from './types.ts';

/** What a backtest's event stream reports, in order: state, started, progress…, then one final event. */
export interface JobEvents {
  readonly onJob: (job: Job) => void;
  readonly onProgress: (done: number, total: number) => void;
  readonly onEnd: (job: Job) => void;
  readonly onError: (message: string) => void;
}

const FINAL = ['completed', 'cancelled', 'failed'] as const;

/**
 * Follows `GET /api/backtests/:id/events` with an EventSource (the session cookie authenticates it).
 * Returns a function that closes the stream.
 */
export function followJob(jobId: string, handlers: JobEvents): () => void {
  const source = new EventSource(`/api/backtests/${encodeURIComponent(jobId)}/events`, { withCredentials: true });
  let ended = false;
  const parse = (e: MessageEvent) => JSON.parse(e.data as string) as unknown;
  source.addEventListener('state', (e) => {
    if (ended) return;
    const job = parse(e as MessageEvent) as Job;
    handlers.onJob(job);
    if ((FINAL as readonly string[]).includes(job.state)) finish(job);
  });
  source.addEventListener('started', (e) => {
    if (!ended) handlers.onJob(parse(e as MessageEvent) as Job);
  });
  source.addEventListener('progress', (e) => {
    if (ended) return;
    const p = parse(e as MessageEvent) as { done: number; total: number };
    handlers.onProgress(p.done, p.total);
  });
  for (const name of FINAL) source.addEventListener(name, (e) => finish(parse(e as MessageEvent) as Job));
  source.onerror = () => {
    if (ended) return;
    // EventSource reconnects by itself while CONNECTING; CLOSED means it gave up.
    if (source.readyState === EventSource.CLOSED) {
      ended = true;
      handlers.onError('the progress stream closed before the backtest finished');
    }
  };
  function finish(job: Job) {
    if (ended) return;
    ended = true;
    source.close();
    handlers.onEnd(job);
  }
  return () => {
    ended = true;
    source.close();
  };
}
