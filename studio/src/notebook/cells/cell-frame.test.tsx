import { render } from 'solid-js/web';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { CellResult } from '../cell-results.ts';
import { CellFrame } from './cell-frame.tsx';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

function mount(result: CellResult, index: number, handlers: { onRun?: () => void; onMove?: (d: number) => void; onDelete?: () => void } = {}) {
  const host = document.body.appendChild(document.createElement('div'));
  const dispose = render(
    () => (
      <CellFrame cell={{ id: 'q1', kind: 'sql', sql: 'SELECT 1' }} index={index} count={3} result={result} active={false} onRun={handlers.onRun ?? (() => undefined)} onMove={handlers.onMove ?? (() => undefined)} onDelete={handlers.onDelete ?? (() => undefined)} onFocus={() => undefined} canEdit>
        <p>body</p>
      </CellFrame>
    ),
    host,
  );
  cleanup = () => {
    dispose();
    host.remove();
  };
  return host;
}

describe('CellFrame', () => {
  test('an error result shows its message in an alert', () => {
    const host = mount({ status: 'error', message: 'table function read_csv() is not available in the sandbox' }, 1);
    expect(host.querySelector('[data-testid="cell-error"]')!.textContent).toContain('read_csv() is not available');
    expect(host.querySelector('[data-testid="cell-status"]')!.textContent).toContain('failed');
    expect(host.querySelector('article')!.classList.contains('failed')).toBe(true);
  });

  test('run, move and delete call back; the first cell cannot move up', () => {
    const onRun = vi.fn();
    const onMove = vi.fn();
    const onDelete = vi.fn();
    const host = mount({ status: 'idle' }, 0, { onRun, onMove, onDelete });
    const button = (label: string) => host.querySelector<HTMLButtonElement>(`[aria-label="${label}"]`)!;
    expect(button('Move cell up').disabled).toBe(true);
    button('Move cell down').click();
    button('Delete cell').click();
    host.querySelector<HTMLButtonElement>('[data-testid="run-cell"]')!.click();
    expect(onMove).toHaveBeenCalledWith(1);
    expect(onDelete).toHaveBeenCalledTimes(1);
    expect(onRun).toHaveBeenCalledTimes(1);
  });

  test('a running cell cannot be started twice', () => {
    const host = mount({ status: 'running', startedAt: 0 }, 1);
    expect(host.querySelector<HTMLButtonElement>('[data-testid="run-cell"]')!.disabled).toBe(true);
    expect(host.querySelector('[data-testid="cell-status"]')!.textContent).toContain('running');
  });
});
