import { afterEach, describe, expect, test, vi } from 'vitest';
import { followJob } from './events.ts';
import type { Job } from './types.ts';

/** A stand-in for the browser's EventSource: the test emits named events by hand. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = 1;
  onerror: (() => void) | null = null;
  readonly listeners = new Map<string, ((e: { data: string }) => void)[]>();
  constructor(readonly url: string, readonly init?: EventSourceInit) {
    FakeEventSource.last = this;
  }
  addEventListener(name: string, fn: (e: { data: string }) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  emit(name: string, data: unknown) {
    for (const fn of this.listeners.get(name) ?? []) fn({ data: JSON.stringify(data) });
  }
  close() {
    this.readyState = 2;
  }
}

const job = (state: Job['state'], extra: Partial<Job> = {}): Job => ({ jobId: 'j1', runId: 'bt-1', state, progress: { done: 0, total: 10 }, error: null, ...extra });

afterEach(() => vi.unstubAllGlobals());

describe('followJob', () => {
  test('state → started → progress… → completed, then the stream is closed', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const seen: string[] = [];
    followJob('j1', {
      onJob: (j) => seen.push(`job ${j.state}`),
      onProgress: (d, t) => seen.push(`progress ${d}/${t}`),
      onEnd: (j) => seen.push(`end ${j.state}`),
      onError: (m) => seen.push(`error ${m}`),
    });
    const es = FakeEventSource.last!;
    expect(es.url).toBe('/api/backtests/j1/events');
    expect(es.init).toEqual({ withCredentials: true });
    es.emit('state', job('queued'));
    es.emit('started', job('running'));
    es.emit('progress', { done: 5, total: 10 });
    es.emit('completed', job('completed', { progress: { done: 10, total: 10 } }));
    es.emit('progress', { done: 11, total: 10 });
    expect(seen).toEqual(['job queued', 'job running', 'progress 5/10', 'end completed']);
    expect(es.readyState).toBe(2);
  });

  test('a job already finished ends on its first state event', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const onEnd = vi.fn();
    followJob('j1', { onJob: () => undefined, onProgress: () => undefined, onEnd, onError: () => undefined });
    FakeEventSource.last!.emit('state', job('failed', { error: { code: 'internal', message: 'boom' } }));
    expect(onEnd).toHaveBeenCalledWith(expect.objectContaining({ state: 'failed' }));
  });

  test('a stream that closes before the end is an error', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const onError = vi.fn();
    followJob('j1', { onJob: () => undefined, onProgress: () => undefined, onEnd: () => undefined, onError });
    const es = FakeEventSource.last!;
    es.readyState = 2;
    es.onerror!();
    expect(onError).toHaveBeenCalledWith('the progress stream closed before the backtest finished');
  });
});
