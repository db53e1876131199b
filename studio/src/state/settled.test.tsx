import { createMemo, createResource, createSignal, Show } from 'solid-js';
import { render } from 'solid-js/web';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../api/client.ts';
import { ErrorBox, Loading } from '../components/states.tsx';
import { createPages } from './create-pages.ts';
import { settled } from './settled.ts';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());
function mount(ui: () => import('solid-js').JSX.Element): HTMLElement {
  const host = document.body.appendChild(document.createElement('div'));
  const dispose = render(ui, host);
  cleanup = () => {
    dispose();
    host.remove();
  };
  return host;
}
const notFound = () => Promise.reject(new ApiError(404, 'not_found', 'no run with id "bt-x"'));

describe('settled', () => {
  test('is undefined while loading and after a failure, the value once loaded', async () => {
    const [ok] = createResource(() => Promise.resolve(7));
    const [bad] = createResource(notFound);
    expect(settled(ok)).toBeUndefined();
    await vi.waitFor(() => expect(bad.error).toBeDefined());
    expect(settled(ok)).toBe(7);
    expect(settled(bad)).toBeUndefined();
    expect(() => bad()).toThrow('no run with id');
  });

  test('a memo over a failed resource leaves the page free to show the error', async () => {
    const host = mount(() => {
      const [r] = createResource(notFound);
      // Created before the view, as the create* modules do: with r() it would throw and stop the update.
      const derived = createMemo(() => (settled(r) ?? 0) + 1);
      return (
        <Show when={!r.error} fallback={<ErrorBox error={r.error} />}>
          <Show when={settled(r)} fallback={<Loading what="thing" />}>
            <p>{derived()}</p>
          </Show>
        </Show>
      );
    });
    await vi.waitFor(() => expect(host.querySelector('.error-message')?.textContent).toBe('no run with id "bt-x"'));
    expect(host.querySelector('[role="status"]')).toBeNull();
  });

  test('a paged list (runs, journal) whose first page fails shows the error', async () => {
    const host = mount(() => {
      const [source] = createSignal('');
      const pages = createPages(source, notFound);
      return (
        <Show when={!pages.first.error} fallback={<ErrorBox error={pages.first.error} />}>
          <Show when={settled(pages.first)} fallback={<Loading what="runs" />}>
            <p>{pages.all().length} rows</p>
          </Show>
        </Show>
      );
    });
    await vi.waitFor(() => expect(host.querySelector('.error-message')?.textContent).toBe('no run with id "bt-x"'));
  });
});
