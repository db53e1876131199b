import { createEffect, createSignal, onCleanup, onMount } from 'solid-js';

export interface PlotViewProps {
  /** Builds the chart for a width in pixels; re-run when the width or anything it reads changes. */
  readonly render: (width: number) => Element;
  /** Accessible name of the chart. */
  readonly label: string;
  /** Called after each render with the time it took (ms). */
  readonly onRendered?: (ms: number) => void;
  readonly class?: string;
}

/** Mounts an Observable Plot chart sized to its container; a chart that throws shows its message. */
export function PlotView(props: PlotViewProps) {
  let host!: HTMLDivElement;
  const [width, setWidth] = createSignal(0);
  const [error, setError] = createSignal<string | null>(null);
  onMount(() => {
    setWidth(Math.floor(host.clientWidth));
    const ro = new ResizeObserver(() => {
      const w = Math.floor(host.clientWidth);
      if (Math.abs(w - width()) > 8) setWidth(w);
    });
    ro.observe(host);
    onCleanup(() => ro.disconnect());
  });
  createEffect(() => {
    const w = width();
    if (w <= 0) return;
    const t0 = performance.now();
    try {
      const el = props.render(w);
      host.replaceChildren(el);
      setError(null);
      props.onRendered?.(performance.now() - t0);
    } catch (err) {
      host.replaceChildren();
      setError((err as Error).message);
    }
  });
  return (
    <figure class={`plot ${props.class ?? ''}`} aria-label={props.label} role="img">
      <div ref={host} class="plot-host" />
      {error() !== null ? <p class="error" role="alert">Chart: {error()}</p> : null}
    </figure>
  );
}
