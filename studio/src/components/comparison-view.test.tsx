import { render } from 'solid-js/web';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../api/client.ts';

// The API as it answers a comparison with an unknown run id: every call about that run is a 404.
vi.mock('../api/endpoints.ts', () => {
  const unknown = () => Promise.reject(new ApiError(404, 'not_found', 'no run with id "bt-doesnotexist"'));
  return { compareRuns: vi.fn(unknown), getRun: vi.fn(unknown), getTrades: vi.fn(unknown) };
});
const { ComparisonView } = await import('./comparison-view.tsx');

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

describe('ComparisonView', () => {
  test('an unknown run id shows the API message and the given way out, not a spinner', async () => {
    const host = document.body.appendChild(document.createElement('div'));
    const dispose = render(() => <ComparisonView ids={['bt-doesnotexist', 'bt-real']} errorActions={<a href="/runs">Back to the runs list</a>} />, host);
    cleanup = () => {
      dispose();
      host.remove();
    };
    await vi.waitFor(() => expect(host.querySelector('[role="alert"]')).not.toBeNull());
    expect(host.querySelector('[role="alert"] strong')!.textContent).toBe('Cannot compare these runs');
    expect(host.querySelector('.error-message')!.textContent).toBe('no run with id "bt-doesnotexist"');
    expect(host.querySelector('[role="alert"] a')!.getAttribute('href')).toBe('/runs');
    expect(host.querySelector('[role="status"]')).toBeNull();
  });
});
