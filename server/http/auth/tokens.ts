import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** What a token may do: viewer reads; operator runs backtests, imports, notebooks and SQL; admin may do everything. */
export type Role = 'viewer' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** True when `role` is at least `needed`. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** A configured token: its name (the journal's actor), role and the sha256 of the token. The token itself is not kept. */
export interface TokenRecord {
  readonly name: string;
  readonly role: Role;
  readonly hash: Buffer;
}

/** The tokens the server accepts. Empty: local mode (loopback only, every request a local admin). */
export interface TokenSet {
  readonly records: readonly TokenRecord[];
  /** The record whose token this is, compared in constant time against every record; undefined when none. */
  match(token: string): TokenRecord | undefined;
}

/** A token configuration that cannot be used; the message names the entry, never its token. */
export class TokenConfigError extends Error {
  override readonly name = 'TokenConfigError';
}

export const MIN_TOKEN_LENGTH = 16;

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Parses `name:role:token` entries separated by commas or newlines (`#` starts a comment line).
 * `source` names where they came from in errors.
 */
export function parseTokens(text: string, source: string): TokenSet {
  const records: TokenRecord[] = [];
  const entries = text
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const [i, entry] of entries.entries()) {
    const first = entry.indexOf(':');
    const second = first < 0 ? -1 : entry.indexOf(':', first + 1);
    const where = `${source} entry ${i + 1}`;
    if (second < 0) throw new TokenConfigError(`${where}: expected name:role:token`);
    const name = entry.slice(0, first);
    const role = entry.slice(first + 1, second);
    const token = entry.slice(second + 1);
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) throw new TokenConfigError(`${where}: the name must be 1-64 of A-Z a-z 0-9 . _ @ -`);
    if (!ROLES.includes(role as Role)) throw new TokenConfigError(`${where} (${name}): role must be one of ${ROLES.join(', ')}, got "${role}"`);
    if (token.length < MIN_TOKEN_LENGTH) throw new TokenConfigError(`${where} (${name}): the token must be at least ${MIN_TOKEN_LENGTH} characters`);
    if (/\s/.test(token)) throw new TokenConfigError(`${where} (${name}): the token contains white space`);
    if (records.some((r) => r.name === name)) throw new TokenConfigError(`${where}: the name ${name} is used twice`);
    records.push({ name, role: role as Role, hash: sha256(token) });
  }
  return tokenSet(records);
}

/** A TokenSet over records (every record compared on each match, so timing does not tell which one matched). */
export function tokenSet(records: readonly TokenRecord[]): TokenSet {
  return {
    records,
    match(token: string): TokenRecord | undefined {
      const hash = sha256(token);
      let found: TokenRecord | undefined;
      for (const r of records) if (timingSafeEqual(r.hash, hash) && found === undefined) found = r;
      return found;
    },
  };
}

/** Tokens from TRADEBOOK_API_TOKENS, or the file named by TRADEBOOK_API_TOKENS_FILE (a Kubernetes secret); not both. */
export function tokensFromEnv(env: Record<string, string | undefined>): TokenSet {
  const inline = env.TRADEBOOK_API_TOKENS;
  const file = env.TRADEBOOK_API_TOKENS_FILE;
  if (inline && file) throw new TokenConfigError('set TRADEBOOK_API_TOKENS or TRADEBOOK_API_TOKENS_FILE, not both');
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new TokenConfigError(`TRADEBOOK_API_TOKENS_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const set = parseTokens(text, file);
    if (set.records.length === 0) throw new TokenConfigError(`TRADEBOOK_API_TOKENS_FILE: ${file} holds no token`);
    return set;
  }
  return parseTokens(inline ?? '', 'TRADEBOOK_API_TOKENS');
}
