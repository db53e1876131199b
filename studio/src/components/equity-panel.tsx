import type { ArrowTiming } from '../api/client.ts';
import type { EquityCurve } from '../api/types.ts';
import { drawdownChart, equityChart } from '../charts/chart-specs.ts';
import { formatCount } from '../lib/format.ts';
import { recordChartPerf } from '../state/perf.ts';
import { PlotView } from './plot-view.tsx';

/** Equity and drawdown of one run, decimated to the chart's pixel width; records its render time. */
export function EquityPanel(props: { readonly curve: EquityCurve; readonly timing?: ArrowTiming; readonly name: string; readonly height?: number }) {
  // Timed once, when both charts (equity and drawdown) are in the page.
  let charts = 0;
  const rendered = () => {
    if (++charts !== 2 || !props.timing) return;
    recordChartPerf('equity', props.curve.length, props.timing);
  };
  return (
    <div class="equity-panel" data-points={props.curve.length}>
      <PlotView label={`Equity of ${props.name}`} render={(w) => equityChart([{ name: props.name, x: props.curve.ts, y: props.curve.equity }], { width: w, height: props.height ?? 260 })} onRendered={rendered} class="equity-chart" />
      <PlotView label={`Drawdown of ${props.name}`} render={(w) => drawdownChart([{ name: props.name, x: props.curve.ts, y: props.curve.drawdown }], { width: w, height: 140 })} onRendered={rendered} />
      <p class="muted small">{formatCount(props.curve.length)} points{props.curve.length > 2000 ? ', min/max per pixel shown' : ''}</p>
    </div>
  );
}
