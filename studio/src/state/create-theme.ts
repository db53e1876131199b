import { createSignal } from 'solid-js';

export type ThemeChoice = 'auto' | 'light' | 'dark';
const KEY = 'tradebook.theme';

/** Light, dark or the system's choice (prefers-color-scheme); remembered per browser (a preference, not a secret). */
export function createTheme() {
  const stored = (typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null) as ThemeChoice | null;
  const [choice, setChoice] = createSignal<ThemeChoice>(stored === 'light' || stored === 'dark' ? stored : 'auto');
  const media = typeof matchMedia !== 'undefined' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const [systemDark, setSystemDark] = createSignal(media?.matches ?? false);
    const effective = () => (choice() === 'auto' ? (systemDark() ? 'dark' : 'light') : choice());
  const apply = () => document.documentElement.setAttribute('data-theme', effective());
  media?.addEventListener('change', (e) => {
    setSystemDark(e.matches);
    apply();
  });
  apply();
  return {
    choice,
    effective,
    apply,
    /** Switches to the opposite of what is shown, and remembers it. */
    toggle() {
      const next = effective() === 'dark' ? 'light' : 'dark';
      setChoice(next);
      localStorage.setItem(KEY, next);
      apply();
    },
    reset() {
      setChoice('auto');
      localStorage.removeItem(KEY);
      apply();
    },
  };
}

export const theme = createTheme();
