import { createSignal, onCleanup } from 'solid-js';
import { createMatcher, keyName, type Shortcut } from '../lib/shortcuts.ts';

const [registered, setRegistered] = createSignal<readonly Shortcut[]>([]);

/** Every shortcut active now (for the help overlay). */
export const activeShortcuts = registered;

/** Registers shortcuts for the lifetime of the calling component (a route registers its own). */
export function useShortcuts(list: readonly Shortcut[]): void {
  setRegistered((all) => [...all, ...list]);
  onCleanup(() => setRegistered((all) => all.filter((s) => !list.includes(s))));
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest?.('.cm-editor') !== null;
}

/** Installs the one document-level key listener. */
export function installShortcutListener(): () => void {
  const match = createMatcher(registered);
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || ['shift', 'control', 'alt', 'meta'].includes(e.key.toLowerCase())) return;
    const hit = match(keyName(e), performance.now(), isTyping(e.target));
    if (hit) {
      e.preventDefault();
      hit.run();
    }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
