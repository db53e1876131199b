import { useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, Show } from 'solid-js';
import { errorMessage } from '../api/client.ts';
import { session } from '../state/create-session.ts';

/** Sign in with an API token: exchanged once for an HttpOnly session cookie; the token is not kept. */
export function SignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let input!: HTMLInputElement;
  const next = () => {
    const n = typeof params.next === 'string' ? params.next : '/notebook';
    return n.startsWith('/') && !n.startsWith('//') && !n.startsWith('/sign-in') ? n : '/notebook';
  };
  createEffect(() => {
    if (session.state().status === 'signed-in') navigate(next(), { replace: true });
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(input.value);
      input.value = '';
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const reason = () => {
    const s = session.state();
    return s.status === 'signed-out' ? s.reason : undefined;
  };
  return (
    <section class="sign-in card">
      <h1>Sign in</h1>
      <p class="muted">Paste an API token. It is exchanged for a session cookie and not stored by the studio.</p>
      <Show when={reason()}>
        <p class="notice">{reason()}</p>
      </Show>
      <form onSubmit={submit}>
        <label>
          Token
          <input ref={input} type="password" name="token" autocomplete="off" required minLength={1} autofocus data-testid="token" />
        </label>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </section>
  );
}
