import { For } from 'solid-js';
import type { Metrics } from '../api/types.ts';
import { formatMetric, METRICS, metricValue } from '../lib/metrics.ts';

/** The run's metrics as a grid of labelled values. */
export function MetricsGrid(props: { readonly metrics: Metrics | null; readonly keys?: readonly string[] }) {
  const specs = () => (props.keys ? METRICS.filter((m) => props.keys!.includes(m.key)) : METRICS);
  return (
    <dl class="metrics-grid" data-testid="metrics">
      <For each={specs()}>
        {(m) => {
          const v = () => metricValue(props.metrics, m.key);
          return (
            <div classList={{ metric: true, neg: (v() ?? 0) < 0 && m.kind === 'percent' }}>
              <dt>{m.label}</dt>
              <dd>{formatMetric(m, v())}</dd>
            </div>
          );
        }}
      </For>
    </dl>
  );
}
