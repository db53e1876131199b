/** Equity marked at each slice's close, in growable typed arrays (no object per point). */
export class EquityCurve {
  ts: Float64Array;
  equity: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.ts = new Float64Array(Math.max(16, capacity));
    this.equity = new Float64Array(Math.max(16, capacity));
  }

  push(ts: number, equity: number): void {
    if (this.length === this.ts.length) this.grow();
    this.ts[this.length] = ts;
    this.equity[this.length] = equity;
    this.length++;
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
