import { createMemo, createResource } from 'solid-js';
import { compareRuns, getRun, getTrades } from '../api/endpoints.ts';
import type { RunDetail, Trade } from '../api/types.ts';
import { diffConfigs } from '../lib/config-diff.ts';
import { compareCurves } from '../lib/compare-curves.ts';
import { settled } from './settled.ts';

/** A comparison of runs: the API's aligned curves and metrics, each run's config (for the diff) and trades. */
export function createCompare(ids: () => readonly string[], window: () => number) {
  const key = () => (ids().length >= 2 ? ids().join(',') : null);
  const [result] = createResource(key, (k) => compareRuns(k.split(',')));
  const [details] = createResource(key, (k) => Promise.all(k.split(',').map((id) => getRun(id))));
  const [trades] = createResource(key, (k) => Promise.all(k.split(',').map(async (id) => ({ runId: id, trades: (await getTrades(id)).trades as Trade[] }))));
  const curves = createMemo(() => {
    const r = settled(result);
    return r ? compareCurves(r, window()) : null;
  });
  const configDiff = createMemo(() => {
    const d: RunDetail[] | undefined = settled(details);
    return d ? diffConfigs(d.map((x) => x.config), { onlyDifferences: true }) : null;
  });
  return { result, details, trades, curves, configDiff };
}
