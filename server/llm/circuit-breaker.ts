/** Circuit state: closed (calls flow), open (calls refused until the cool-down ends), half-open (one trial call). */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through, in ms. */
  readonly cooldownMs: number;
  /** Monotonic clock in ms. */
  readonly now: () => number;
}

/**
 * Stops calling a model that keeps failing: after `failureThreshold` consecutive failures every call is refused
 * (the strategy holds, with the reason journalled) until `cooldownMs` has passed; then one trial call decides
 * whether the circuit closes again or re-opens.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = NaN;
  private trialInFlight = false;
  private current: CircuitState = 'closed';

  constructor(private readonly o: CircuitBreakerOptions) {
    if (!(Number.isInteger(o.failureThreshold) && o.failureThreshold >= 1)) throw new Error(`failureThreshold must be a whole number >= 1, got ${o.failureThreshold}`);
    if (!(o.cooldownMs >= 0)) throw new Error(`cooldownMs must be >= 0, got ${o.cooldownMs}`);
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Whether a call may go out now; in half-open only one trial at a time. Null when allowed, else why not. */
  refuse(): string | null {
    if (this.current === 'open') {
      const waited = this.o.now() - this.openedAt;
      if (waited < this.o.cooldownMs) return `circuit open after ${this.failures} consecutive failures; next trial in ${Math.ceil(this.o.cooldownMs - waited)} ms`;
      this.current = 'half-open';
    }
    if (this.current === 'half-open') {
      if (this.trialInFlight) return 'circuit half-open: a trial call is in flight';
      this.trialInFlight = true;
    }
    return null;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.current = 'closed';
  }

  failure(): void {
    this.failures++;
    this.trialInFlight = false;
    if (this.current === 'half-open' || this.failures >= this.o.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.o.now();
    }
  }
}
