import { A, useSearchParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { listRuns } from '../api/endpoints.ts';
import { ComparisonView } from '../components/comparison-view.tsx';
import { ErrorBox, Loading } from '../components/states.tsx';
import { formatMetric, metricSpec, metricValue } from '../lib/metrics.ts';
import { settled } from '../state/settled.ts';

/** Compare runs given as `?ids=a,b,c`; without ids, pick them here. */
export default function ComparePage() {
  const [params, setParams] = useSearchParams();
  const ids = () => (typeof params.ids === 'string' && params.ids !== '' ? params.ids.split(',') : []);
  const [runs] = createResource(() => ids().length < 2, async (need) => (need ? (await listRuns({ limit: 100 })).runs : []));
  const toggle = (id: string) => {
    const cur = ids();
    setParams({ ids: (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id]).join(',') || undefined });
  };
  return (
    <section class="compare">
      <header class="page-head">
        <h1>Compare</h1>
        <Show when={ids().length >= 2}>
          <button type="button" class="ghost" onClick={() => setParams({ ids: undefined })}>
            Pick other runs
          </button>
        </Show>
      </header>
      <Show
        when={ids().length >= 2}
        fallback={
          <div class="card">
            <p>Pick two or more runs ({ids().length} picked):</p>
            <Show when={!runs.error} fallback={<ErrorBox error={runs.error} />}>
              <Show when={settled(runs)} fallback={<Loading what="runs" />}>
                <ul class="pick-list">
                  <For each={runs()}>
                    {(r) => (
                      <li>
                        <label>
                          <input type="checkbox" checked={ids().includes(r.runId)} onChange={() => toggle(r.runId)} /> <span class="mono">{r.runId}</span> {r.strategy} {r.symbols.join(',')} · Sharpe {formatMetric(metricSpec('sharpe'), metricValue(r.metrics, 'sharpe'))}
                        </label>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </Show>
          </div>
        }
      >
        <ComparisonView
          ids={ids()}
          errorActions={
            <p class="error-actions">
              <A href="/runs" data-testid="back-to-runs">Back to the runs list</A>
            </p>
          }
        />
      </Show>
    </section>
  );
}
