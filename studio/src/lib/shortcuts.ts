/** Keyboard shortcuts: a key, or a two-key sequence like "g r", matched against keydown events. Pure. */

export interface Shortcut {
  /** "?", "t", "g r", "mod+s", "shift+enter", "alt+arrowup". `mod` is Ctrl, or ⌘ on a Mac. */
  readonly keys: string;
  readonly description: string;
  /** Where it works, for the help overlay. */
  readonly scope: string;
  /** Also fires while typing in an editor or field (combos with modifiers only). */
  readonly inEditors?: boolean;
  readonly run: () => void;
}

/** The normalised name of a key event: modifiers in a fixed order, then the lowercased key. */
export function keyName(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const key = e.key.toLowerCase();
  const mods: string[] = [];
  if (e.ctrlKey || e.metaKey) mods.push('mod');
  if (e.altKey) mods.push('alt');
  // Shift is part of printable keys already ("?" is shift+/), so it is named only for named keys.
  if (e.shiftKey && key.length > 1) mods.push('shift');
  return [...mods, key === ' ' ? 'space' : key].join('+');
}

/** Matches keys one at a time; remembers a pending sequence prefix ("g") for up to `timeoutMs`. */
export function createMatcher(shortcuts: () => readonly Shortcut[], timeoutMs = 1200) {
  let pending: { key: string; at: number } | null = null;
  return (name: string, now: number, typing: boolean): Shortcut | null => {
    const list = shortcuts().filter((s) => !typing || s.inEditors);
    if (pending !== null && now - pending.at <= timeoutMs) {
      const seq = `${pending.key} ${name}`;
      pending = null;
      const hit = list.find((s) => s.keys === seq);
      if (hit) return hit;
    }
    pending = null;
    const direct = list.find((s) => s.keys === name);
    if (direct) return direct;
    if (!typing && list.some((s) => s.keys.startsWith(`${name} `))) pending = { key: name, at: now };
    return null;
  };
}

/** How a shortcut is shown in the help overlay: "g r" → "g then r", "mod+s" → "Ctrl+S". */
export function describeKeys(keys: string, mac = false): string {
  return keys
    .split(' ')
    .map((k) =>
      k
        .split('+')
        .map((p) => (p === 'mod' ? (mac ? '⌘' : 'Ctrl') : p === 'arrowup' ? '↑' : p === 'arrowdown' ? '↓' : p.length === 1 ? p : p[0].toUpperCase() + p.slice(1)))
        .join('+'),
    )
    .join(' then ');
}
