import { createSignal } from 'solid-js';
import { ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client.ts';
import { getSession, signIn as postSession, signOut as deleteSession } from '../api/endpoints.ts';
import type { SessionInfo } from '../api/types.ts';

/** 'unknown' until the first GET /api/session answers. */
export type SessionState = { status: 'unknown' } | { status: 'signed-out'; reason?: string } | { status: 'signed-in'; info: SessionInfo };

/** The tab's session: who is signed in. The cookie is HttpOnly; the CSRF token lives only in memory. */
export function createSession() {
  const [state, setState] = createSignal<SessionState>({ status: 'unknown' });

  const accept = (info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setState({ status: 'signed-in', info });
  };

  setUnauthorizedHandler(() => {
    setCsrfToken(null);
    setState({ status: 'signed-out', reason: 'Your session has ended; sign in again.' });
  });

  return {
    state,
    /** Asks the server whether the cookie is still a session (after a reload). */
    async refresh(): Promise<void> {
      try {
        accept(await getSession());
      } catch (err) {
        setState({ status: 'signed-out', reason: err instanceof ApiError && err.status === 401 ? undefined : (err as Error).message });
      }
    },
    /** Exchanges a token for the session cookie; the token is not kept anywhere. */
    async signIn(token: string): Promise<void> {
      accept(await postSession(token));
    },
    async signOut(): Promise<void> {
      try {
        await deleteSession();
      } finally {
        setCsrfToken(null);
        setState({ status: 'signed-out' });
      }
    },
    canOperate(): boolean {
      const s = state();
      return s.status === 'signed-in' && s.info.role !== 'viewer';
    },
  };
}

export type Session = ReturnType<typeof createSession>;

/** The app's one session. */
export const session = createSession();
