import { A, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createEffect, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { describeKeys } from '../lib/shortcuts.ts';
import { resetNotebookSession } from '../notebook/create-notebook.ts';
import { session } from '../state/create-session.ts';
import { activeShortcuts, installShortcutListener, useShortcuts } from '../state/create-shortcuts.ts';
import { theme } from '../state/create-theme.ts';
import { Loading } from './states.tsx';

/** The frame around every page: navigation, session, theme, help overlay and the global shortcuts. */
export function Shell(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const [help, setHelp] = createSignal(false);
  onMount(() => {
    void session.refresh();
    onCleanup(installShortcutListener());
  });
  createEffect(() => {
    const s = session.state();
    const onSignIn = location.pathname === '/sign-in';
    if (s.status === 'signed-out' && !onSignIn) navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });
  useShortcuts([
    { keys: '?', description: 'Show or hide this help', scope: 'Everywhere', run: () => setHelp((h) => !h) },
    { keys: 'escape', description: 'Close the help', scope: 'Everywhere', run: () => setHelp(false) },
    { keys: 'g n', description: 'Go to the notebook', scope: 'Everywhere', run: () => navigate('/notebook') },
    { keys: 'g r', description: 'Go to runs', scope: 'Everywhere', run: () => navigate('/runs') },
    { keys: 'g c', description: 'Go to compare', scope: 'Everywhere', run: () => navigate('/compare') },
    { keys: 'g j', description: 'Go to the audit journal', scope: 'Everywhere', run: () => navigate('/journal') },
    { keys: 't', description: 'Toggle light / dark', scope: 'Everywhere', run: () => theme.toggle() },
  ]);
  const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  return (
    <div class="shell">
      <header class="topbar">
        <A href="/notebook" class="brand">
          Tradebook <span class="muted">studio</span>
        </A>
        <Show when={session.state().status === 'signed-in'}>
          <nav aria-label="Main">
            <A href="/notebook">Notebook</A>
            <A href="/runs">Runs</A>
            <A href="/compare">Compare</A>
            <A href="/journal">Journal</A>
          </nav>
        </Show>
        <div class="spacer" />
        <button type="button" class="ghost" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
          ⌨ ?
        </button>
        <button type="button" class="ghost" onClick={() => theme.toggle()} title="Toggle light / dark (t)" aria-label="Toggle light or dark theme" data-testid="theme-toggle">
          {theme.effective() === 'dark' ? '☾' : '☀'}
        </button>
        <Show when={session.state().status === 'signed-in' ? (session.state() as { info: { name: string; role: string } }).info : null}>
          {(info) => (
            <span class="who">
              <span title={`role: ${info().role}`}>
                {info().name} <span class="badge">{info().role}</span>
              </span>
              <button type="button" class="ghost" onClick={() => void session.signOut().then(() => { resetNotebookSession(); navigate('/sign-in'); })}>
                Sign out
              </button>
            </span>
          )}
        </Show>
      </header>
      <main class="page">
        <Show when={session.state().status !== 'unknown' || location.pathname === '/sign-in'} fallback={<Loading what="session" />}>
          {props.children}
        </Show>
      </main>
      <Show when={help()}>
        <div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={() => setHelp(false)}>
          <div class="overlay-card" onClick={(e) => e.stopPropagation()}>
            <h2>Keyboard shortcuts</h2>
            <table class="data compact">
              <tbody>
                <For each={activeShortcuts().filter((s) => s.keys !== 'escape')}>
                  {(s) => (
                    <tr>
                      <td>
                        <kbd>{describeKeys(s.keys, mac)}</kbd>
                      </td>
                      <td>{s.description}</td>
                      <td class="muted">{s.scope}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <button type="button" onClick={() => setHelp(false)}>
              Close
            </button>
          </div>
        </div>
      </Show>
    </div>
  );
}
