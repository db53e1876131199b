import { type JSX, Show } from 'solid-js';
import { errorMessage } from '../api/client.ts';

/** A spinner line while something loads. */
export function Loading(props: { readonly what?: string }) {
  return (
    <p class="state loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading{props.what ? ` ${props.what}` : ''}…
    </p>
  );
}

/** An API or other error, with the server's message (and a retry when given); children are further ways out (links). */
export function ErrorBox(props: { readonly error: unknown; readonly retry?: () => void; readonly title?: string; readonly children?: JSX.Element }) {
  return (
    <div class="state error-box" role="alert">
      <strong>{props.title ?? 'Something went wrong'}</strong>
      <p class="error-message">{errorMessage(props.error)}</p>
      <Show when={props.retry}>
        <button type="button" onClick={() => props.retry?.()}>
          Try again
        </button>
      </Show>
      {props.children}
    </div>
  );
}

/** Nothing to show, and what to do about it. */
export function Empty(props: { readonly children: JSX.Element }) {
  return <div class="state empty">{props.children}</div>;
}
