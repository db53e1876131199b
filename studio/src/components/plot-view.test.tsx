import { render } from 'solid-js/web';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { equityChart } from '../charts/chart-specs.ts';
import { PlotView } from './plot-view.tsx';

beforeAll(() => {
  // jsdom lays nothing out: give every element a width and a do-nothing ResizeObserver.
  vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 640 });
});

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

function mount(ui: () => import('solid-js').JSX.Element) {
  const host = document.body.appendChild(document.createElement('div'));
  const dispose = render(ui, host);
  cleanup = () => {
    dispose();
    host.remove();
  };
  return host;
}

describe('PlotView', () => {
  test('renders the chart at the container width and reports the render time', () => {
    const onRendered = vi.fn();
    const x = Float64Array.from({ length: 100 }, (_, i) => i * 86_400_000);
    const y = Float64Array.from({ length: 100 }, (_, i) => 100 + i);
    const host = mount(() => <PlotView label="Equity" render={(w) => equityChart([{ name: 'r', x, y }], { width: w, height: 200 })} onRendered={onRendered} />);
    const svg = host.querySelector('figure[aria-label="Equity"] svg')!;
    expect(svg.getAttribute('width')).toBe('640');
    expect(svg.querySelectorAll('[aria-label="line"] path')).toHaveLength(1);
    expect(onRendered).toHaveBeenCalledWith(expect.any(Number));
  });

  test('a chart that throws shows its message instead of a blank space', () => {
    const host = mount(() => (
      <PlotView
        label="Broken"
        render={() => {
          throw new Error('column "price" is not in the result');
        }}
      />
    ));
    expect(host.querySelector('[role="alert"]')!.textContent).toBe('Chart: column "price" is not in the result');
  });
});
