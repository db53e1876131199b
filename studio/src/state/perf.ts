import type { ArrowTiming } from '../api/client.ts';

/** What the studio measured about its last big chart; read by the end-to-end suite from `window.__tradebookPerf`. */
export interface ChartPerf {
  readonly points: number;
  readonly bytes: number;
  readonly downloadMs: number;
  readonly decodeMs: number;
  /** From the last byte downloaded to the chart in the DOM (decode + decimate + plot). */
  readonly afterDownloadMs: number;
}

declare global {
  interface Window {
    __tradebookPerf?: Record<string, ChartPerf>;
  }
}

/** Records a chart's timing under a name, and as a performance measure for devtools. */
export function recordChartPerf(name: string, points: number, timing: ArrowTiming): void {
  if (timing.downloadedAt === undefined) return;
  const now = performance.now();
  const perf: ChartPerf = { points, bytes: timing.bytes ?? 0, downloadMs: timing.downloadMs ?? 0, decodeMs: timing.decodeMs ?? 0, afterDownloadMs: now - timing.downloadedAt };
  window.__tradebookPerf = { ...window.__tradebookPerf, [name]: perf };
  try {
    performance.measure(`tradebook:${name}`, { start: timing.downloadedAt, end: now });
  } catch {
    // measure with options is not everywhere; the window record is enough
  }
}
