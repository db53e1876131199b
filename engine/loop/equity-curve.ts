/** Receives a run's equity curve a slab at a time, in order, once each point is final. */
export interface EquitySink {
  /**
   * Points [0, length) of the curve's arrays, valid until the returned promise settles: the curve then refills them
   * (two pairs of arrays take turns, so a long replay allocates none per slab). Copy what you keep. Awaited before the next write.
   */
  write(ts: Float64Array, equity: Float64Array, length: number): Promise<void>;
}

/**
 * Equity marked at each slice's close, in growable typed arrays (no object per point). Without a sink the
 * arrays hold the whole curve. With one, `drain` hands the sink every point but the last (which close-at-end
 * may still change) once a slab has gathered, and `finish` the rest: the arrays then hold only points
 * [offset, length), so a long replay never holds its curve whole.
 */
export class EquityCurve {
  ts: Float64Array;
  equity: Float64Array;
  /** Points pushed. */
  length = 0;
  /** Points handed to the sink; the arrays start at this point. */
  offset = 0;
  readonly #sink: EquitySink | null;
  readonly #slab: number;
  #writing: Promise<void> | null = null;
  // The arrays being written; once that write settles they are the spare pair the next write moves into.
  #busy: { ts: Float64Array; equity: Float64Array } | null = null;
  #spare: { ts: Float64Array; equity: Float64Array } | null = null;
  #lastTs = Number.NaN;
  #lastEquity = Number.NaN;

  constructor(capacity = 1024, sink?: EquitySink, slab = 131_072) {
    this.#sink = sink ?? null;
    this.#slab = slab;
    const cap = Math.max(16, sink === undefined ? capacity : Math.min(capacity, 2 * slab));
    this.ts = new Float64Array(cap);
    this.equity = new Float64Array(cap);
  }

  /** True when the arrays hold the whole curve (no sink). */
  get kept(): boolean {
    return this.#sink === null;
  }

  push(ts: number, equity: number): void {
    const at = this.length - this.offset;
    if (at === this.ts.length) this.grow();
    this.ts[at] = ts;
    this.equity[at] = equity;
    this.length++;
    this.#lastTs = ts;
    this.#lastEquity = equity;
  }

  /** Timestamp of the last point (NaN when there is none). */
  get lastTs(): number {
    return this.length > 0 ? this.#lastTs : Number.NaN;
  }

  /** Equity of the last point (NaN when there is none). */
  get lastEquity(): number {
    return this.length > 0 ? this.#lastEquity : Number.NaN;
  }

  /** Replaces the last point's equity (close at end of run); the point must not have been written yet. */
  setLast(equity: number): void {
    if (this.length === 0) return;
    if (this.length === this.offset) throw new Error('the last equity point was already written');
    this.equity[this.length - this.offset - 1] = equity;
    this.#lastEquity = equity;
  }

  /**
   * With a sink and at least a slab gathered: waits for the previous write, then starts writing every point but
   * the last. The write runs while the caller goes on; its failure surfaces at the next drain or at finish.
   */
  async drain(): Promise<void> {
    if (this.#sink === null || this.length - this.offset - 1 < this.#slab) return;
    await this.#settle();
    this.#write(this.length - this.offset - 1);
  }

  /** Hands the sink every point not yet written and waits for it; a no-op without a sink. */
  async finish(): Promise<void> {
    if (this.#sink === null) return;
    await this.#settle();
    if (this.length > this.offset) this.#write(this.length - this.offset);
    await this.#settle();
  }

  /** Waits for a write in progress and drops its outcome (the run failed; nothing more is written). */
  async abandon(): Promise<void> {
    await this.#settle().catch(() => undefined);
  }

  #write(n: number): void {
    const ts = this.ts.subarray(0, n);
    const equity = this.equity.subarray(0, n);
    const rest = this.length - this.offset - n;
    // What stays moves to the spare pair (or fresh arrays): the sink reads the written ones while it works.
    const cap = Math.max(2 * this.#slab, rest);
    const spare = this.#spare !== null && this.#spare.ts.length >= cap ? this.#spare : null;
    this.#spare = null;
    const nextTs = spare?.ts ?? new Float64Array(cap);
    const nextEq = spare?.equity ?? new Float64Array(cap);
    this.#busy = { ts: this.ts, equity: this.equity };
    nextTs.set(this.ts.subarray(n, n + rest));
    nextEq.set(this.equity.subarray(n, n + rest));
    this.ts = nextTs;
    this.equity = nextEq;
    this.offset += n;
    const writing = this.#sink!.write(ts, equity, n);
    writing.catch(() => undefined); // awaited by #settle(); never an unhandled rejection meanwhile
    this.#writing = writing;
  }

  async #settle(): Promise<void> {
    const w = this.#writing;
    this.#writing = null;
    if (w === null) return;
    const written = this.#busy;
    this.#busy = null;
    await w;
    // Only a write that succeeded hands its arrays back; after a failure the run stops anyway.
    this.#spare = written;
  }

  private grow(): void {
    const cap = this.ts.length * 2;
    const ts = new Float64Array(cap);
    ts.set(this.ts);
    const eq = new Float64Array(cap);
    eq.set(this.equity);
    this.ts = ts;
    this.equity = eq;
  }
}
