import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256, type Role } from './tokens.ts';

/** A signed-in browser: who, with what role, its CSRF token and when it expires (epoch ms). */
export interface Session {
  readonly name: string;
  readonly role: Role;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

/** Browser sessions in memory, keyed by the sha256 of the cookie value (a restart signs everyone out). */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  constructor(
    private readonly now: () => number,
    /** Session lifetime, ms. */
    private readonly ttlMs = 12 * 3_600_000,
  ) {}

  /** Starts a session; returns the cookie value (shown once, never stored) and the session. */
  create(name: string, role: Role): { id: string; session: Session } {
    this.#sweep();
    const id = randomBytes(32).toString('base64url');
    const session: Session = { name, role, csrfToken: randomBytes(24).toString('base64url'), expiresAt: this.now() + this.ttlMs };
    this.#sessions.set(key(id), session);
    return { id, session };
  }

  /** The live session of a cookie value, if any. */
  get(id: string): Session | undefined {
    const k = key(id);
    const s = this.#sessions.get(k);
    if (s === undefined) return undefined;
    if (s.expiresAt <= this.now()) {
      this.#sessions.delete(k);
      return undefined;
    }
    return s;
  }

  delete(id: string): void {
    this.#sessions.delete(key(id));
  }

  #sweep(): void {
    const t = this.now();
    for (const [k, s] of this.#sessions) if (s.expiresAt <= t) this.#sessions.delete(k);
  }
}

const key = (id: string) => sha256(id).toString('hex');

/** Constant-time equality of two secrets of any length (compared as sha256 digests). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}
