import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { EquityPanel } from '../../components/equity-panel.tsx';
import { MetricsGrid } from '../../components/metrics-grid.tsx';
import { formatCount } from '../../lib/format.ts';
import { createSeriesList } from '../../state/create-market.ts';
import { formatParams, getField, numberOrBlank, paramsHelp, paramsPlaceholder, parseParams, parseSymbols, RISK_FIELDS, setField, STRATEGIES } from '../backtest-form.ts';
import type { CellResult } from '../cell-results.ts';
import type { CellOf } from '../notebook-state.ts';

/** A backtest as a form (strategy, params, symbols, period, cash, costs, fill timing, risk limits); runs with a progress bar. */
export function BacktestCell(props: { readonly cell: CellOf<'backtest'>; readonly result: CellResult; readonly onChange: (cell: CellOf<'backtest'>) => void; readonly onCancel: () => void; readonly canEdit: boolean }) {
  const [paramsError, setParamsError] = createSignal<string | null>(null);
  const market = createSeriesList();
  const [showJson, setShowJson] = createSignal(false);
  const config = () => props.cell.config;
  const set = (path: string, value: unknown) => props.onChange({ ...props.cell, config: setField(config(), path, value) });
  const text = (path: string) => {
    const v = getField(config(), path);
    return v === undefined || v === null ? '' : String(v);
  };
  const num = (path: string) => (e: Event & { currentTarget: HTMLInputElement }) => set(path, numberOrBlank(e.currentTarget.value));
  const progress = () => (props.result.status === 'running' ? props.result.progress : undefined);
  return (
    <div class="backtest-cell">
      <form class="bt-form" onSubmit={(e) => e.preventDefault()} aria-label="Backtest settings">
        <fieldset disabled={!props.canEdit}>
          <label>
            Strategy
            <select onChange={(e) => { const s = STRATEGIES.find((x) => x.name === e.currentTarget.value); props.onChange({ ...props.cell, config: { ...setField(config(), 'strategy', e.currentTarget.value), params: s?.example ?? {} } }); }} data-testid="bt-strategy">
              <For each={STRATEGIES}>{(s) => <option value={s.name} selected={s.name === text('strategy')}>{s.name}</option>}</For>
            </select>
          </label>
          <label class="wide">
            Params{' '}
            <span class="muted small" title={paramsHelp(text('strategy'))} data-testid="bt-params-help">
              ({STRATEGIES.find((x) => x.name === text('strategy'))?.params.map((p) => p.name).join(', ') || 'none'})
            </span>
            <input
              type="text"
              value={formatParams(config().params)}
              onChange={(e) => {
                try {
                  set('params', parseParams(e.currentTarget.value));
                  setParamsError(null);
                } catch (err) {
                  setParamsError((err as Error).message);
                }
              }}
              placeholder={paramsPlaceholder(text('strategy'))}
              title={paramsHelp(text('strategy'))}
              data-testid="bt-params"
            />
          </label>
          <label class="wide">
            Symbols
            <input type="text" list={`symbols-${props.cell.id}`} value={(config().symbols as string[] | undefined)?.join(', ') ?? ''} onChange={(e) => set('symbols', parseSymbols(e.currentTarget.value))} placeholder="SPY, QQQ" data-testid="bt-symbols" />
            <datalist id={`symbols-${props.cell.id}`}>
              <For each={market.symbols()}>{(s) => <option value={s} />}</For>
            </datalist>
          </label>
          <label>
            From
            <input type="date" value={text('from')} onChange={(e) => set('from', e.currentTarget.value || undefined)} />
          </label>
          <label>
            To
            <input type="date" value={text('to')} onChange={(e) => set('to', e.currentTarget.value || undefined)} />
          </label>
          <label>
            Timeframe
            <select onChange={(e) => set('timeframe', e.currentTarget.value)}>
              <For each={['1Day', '1Hour', '5Min', '1Min']}>{(t) => <option value={t} selected={t === (text('timeframe') || '1Day')}>{t}</option>}</For>
            </select>
          </label>
          <label>
            Cash ($)
            <input type="number" min="1" step="1000" value={text('cash')} onChange={num('cash')} />
          </label>
          <label>
            Fill
            <select value={text('fill') || 'next-open'} onChange={(e) => set('fill', e.currentTarget.value)}>
              <option value="next-open">next bar's open</option>
              <option value="close">decision bar's close</option>
            </select>
          </label>
          <label>
            Commission %
            <input type="number" min="0" step="0.01" value={text('commission.pct')} onChange={num('commission.pct')} placeholder="0" />
          </label>
          <label>
            $/share
            <input type="number" min="0" step="0.001" value={text('commission.perShare')} onChange={num('commission.perShare')} placeholder="0" />
          </label>
          <label>
            Slippage bps
            <input type="number" min="0" step="1" value={text('slippageBps')} onChange={num('slippageBps')} placeholder="0" />
          </label>
          <For each={RISK_FIELDS}>
            {(f) =>
              f.kind === 'bool' ? (
                <label class="check">
                  <input type="checkbox" checked={getField(config(), `risk.${f.key}`) !== false} onChange={(e) => set(`risk.${f.key}`, e.currentTarget.checked ? undefined : false)} /> {f.label}
                </label>
              ) : (
                <label>
                  {f.label}
                  <input type="number" min="0" step={f.kind === 'money' ? '1000' : '0.05'} value={text(`risk.${f.key}`)} onChange={num(`risk.${f.key}`)} placeholder="none" />
                </label>
              )
            }
          </For>
        </fieldset>
        <Show when={paramsError()}>
          <p class="error small">{paramsError()}</p>
        </Show>
        <button type="button" class="ghost small" onClick={() => setShowJson((v) => !v)}>
          {showJson() ? 'Hide' : 'Show'} config JSON
        </button>
        <Show when={showJson()}>
          <pre class="json">{JSON.stringify(config(), null, 2)}</pre>
        </Show>
      </form>
      <Show when={props.result.status === 'running'}>
        <div class="progress-row" data-testid="bt-progress">
          <progress max={progress()?.total || 1} value={progress()?.done ?? 0} aria-label="Backtest progress" />
          <span class="small muted">
            {progress() && progress()!.total > 0 ? `${formatCount(progress()!.done)} / ${formatCount(progress()!.total)} bars · ${Math.round((100 * progress()!.done) / progress()!.total)}%` : ((props.result as { note?: string }).note ?? 'starting')}
          </span>
          <button type="button" class="ghost small" onClick={() => props.onCancel()} disabled={!(props.result as { jobId?: string }).jobId}>
            Cancel
          </button>
        </div>
      </Show>
      <Show when={props.result.status === 'done' && props.result.kind === 'backtest' ? props.result : null}>
        {(r) => (
          <div class="bt-result" data-testid="bt-result">
            <p class="small">
              Run <A href={`/runs/${encodeURIComponent(r().run.runId)}`} class="mono" data-testid="bt-run-id">{r().run.runId}</A> · {r().run.tradeCount} trades · <span class={`badge status-${r().run.status}`}>{r().run.status}</span>
            </p>
            <MetricsGrid metrics={r().run.metrics} keys={['totalReturn', 'cagr', 'sharpe', 'sortino', 'maxDrawdown', 'volatility', 'trades', 'winRate', 'finalEquity']} />
            <EquityPanel curve={r().curve} name={r().run.runId} height={200} />
          </div>
        )}
      </Show>
    </div>
  );
}
