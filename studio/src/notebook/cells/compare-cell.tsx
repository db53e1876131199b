import { For, Show } from 'solid-js';
import { ComparisonView } from '../../components/comparison-view.tsx';
import { ErrorBox, Loading } from '../../components/states.tsx';
import { createRunChoices } from '../../state/create-runs.ts';
import type { CellOf } from '../notebook-state.ts';
import { settled } from '../../state/settled.ts';

/** Pick runs (the notebook's own backtests are offered first) and see them compared inline. */
export function CompareCell(props: { readonly cell: CellOf<'compare'>; readonly notebookRunIds: readonly string[]; readonly onChange: (cell: CellOf<'compare'>) => void; readonly canEdit: boolean }) {
  const runs = createRunChoices();
  const toggle = (id: string) => {
    const ids = props.cell.runIds;
    props.onChange({ ...props.cell, runIds: ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id] });
  };
  const options = () => {
    const listed = (settled(runs) ?? []).map((r) => ({ id: r.runId, label: `${r.strategy} ${r.symbols.join(',')}` }));
    const own = props.notebookRunIds.filter((id) => !listed.some((l) => l.id === id)).map((id) => ({ id, label: 'this notebook' }));
    return [...own, ...listed];
  };
  return (
    <div class="compare-cell">
      <Show when={props.notebookRunIds.length >= 2 && props.cell.runIds.length === 0 && props.canEdit}>
        <button type="button" class="primary small" onClick={() => props.onChange({ ...props.cell, runIds: [...props.notebookRunIds] })} data-testid="compare-notebook-runs">
          Compare this notebook's {props.notebookRunIds.length} backtests
        </button>
      </Show>
      <details open={props.cell.runIds.length < 2}>
        <summary class="small">Runs ({props.cell.runIds.length} picked)</summary>
        <Show when={!runs.error} fallback={<ErrorBox error={runs.error} />}>
          <Show when={settled(runs)} fallback={<Loading what="runs" />}>
            <ul class="pick-list small">
              <For each={options()}>
                {(o) => (
                  <li>
                    <label>
                      <input type="checkbox" checked={props.cell.runIds.includes(o.id)} onChange={() => toggle(o.id)} disabled={!props.canEdit} /> <span class="mono">{o.id}</span> <span class="muted">{o.label}</span>
                    </label>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </details>
      <Show when={props.cell.runIds.length >= 2}>
        <ComparisonView ids={props.cell.runIds} compact />
      </Show>
    </div>
  );
}
