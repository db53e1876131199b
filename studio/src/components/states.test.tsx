import { render } from 'solid-js/web';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../api/client.ts';
import { Empty, ErrorBox, Loading } from './states.tsx';

const hosts: (() => void)[] = [];
function mount(ui: () => import('solid-js').JSX.Element): HTMLElement {
  // Solid delegates events to the document: the host must be attached.
  const host = document.body.appendChild(document.createElement('div'));
  const dispose = render(ui, host);
  hosts.push(() => {
    dispose();
    host.remove();
  });
  return host;
}
afterEach(() => hosts.splice(0).forEach((d) => d()));

describe('states', () => {
  test('ErrorBox shows the API message with its field issues, and retries', () => {
    const retry = vi.fn();
    const host = mount(() => <ErrorBox error={new ApiError(400, 'invalid_config', 'invalid backtest config', [{ path: 'cash', message: 'must be positive' }])} retry={retry} title="Cannot run" />);
    expect(host.querySelector('[role="alert"] strong')!.textContent).toBe('Cannot run');
    expect(host.querySelector('.error-message')!.textContent).toBe('invalid backtest config — cash: must be positive');
    host.querySelector('button')!.click();
    expect(retry).toHaveBeenCalledTimes(1);
  });

  test('ErrorBox without retry has no button', () => {
    const host = mount(() => <ErrorBox error={new Error('boom')} />);
    expect(host.querySelector('button')).toBeNull();
    expect(host.textContent).toContain('boom');
  });

  test('Loading names what it loads; Empty shows its children', () => {
    const host = mount(() => (
      <>
        <Loading what="runs" />
        <Empty>No runs yet.</Empty>
      </>
    ));
    expect(host.querySelector('[role="status"]')!.textContent).toContain('Loading runs…');
    expect(host.querySelector('.empty')!.textContent).toBe('No runs yet.');
  });
});
