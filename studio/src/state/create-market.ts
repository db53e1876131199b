import { createResource } from 'solid-js';
import { listSeries } from '../api/endpoints.ts';
import { settled } from './settled.ts';

/** Stored series (symbol, timeframe, range, count), loaded once per page that asks. */
export function createSeriesList() {
  const [series] = createResource(async () => (await listSeries()).series);
  return {
    series,
    /** Distinct symbols, sorted. */
    symbols: () => [...new Set((settled(series) ?? []).map((s) => s.symbol))].sort(),
  };
}
