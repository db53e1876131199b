import { describe, expect, test, vi } from 'vitest';
import { createMatcher, describeKeys, keyName, type Shortcut } from './shortcuts.ts';

const ev = (key: string, m: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...m });

describe('shortcuts', () => {
  test.each([
    [ev('Enter', { shiftKey: true }), 'shift+enter'],
    [ev('?', { shiftKey: true }), '?'],
    [ev('s', { metaKey: true }), 'mod+s'],
    [ev('ArrowUp', { altKey: true }), 'alt+arrowup'],
    [ev('G'), 'g'],
  ])('keyName %j = %s', (e, name) => expect(keyName(e)).toBe(name));

  test('sequences, single keys and typing', () => {
    const runs = vi.fn();
    const save = vi.fn();
    const list: Shortcut[] = [
      { keys: 'g r', description: 'runs', scope: 'everywhere', run: runs },
      { keys: 'mod+s', description: 'save', scope: 'notebook', inEditors: true, run: save },
    ];
    const match = createMatcher(() => list, 1000);
    expect(match('g', 0, false)).toBeNull();
    expect(match('r', 500, false)?.description).toBe('runs');
    expect(match('g', 1000, false)).toBeNull();
    expect(match('r', 3000, false)).toBeNull();
    expect(match('g', 0, true)).toBeNull();
    expect(match('mod+s', 0, true)?.description).toBe('save');
  });

  test('help text', () => {
    expect(describeKeys('g r')).toBe('g then r');
    expect(describeKeys('mod+s')).toBe('Ctrl+s');
    expect(describeKeys('mod+s', true)).toBe('⌘+s');
    expect(describeKeys('shift+enter')).toBe('Shift+Enter');
    expect(describeKeys('alt+arrowup')).toBe('Alt+↑');
  });
});
