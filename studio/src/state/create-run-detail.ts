import { createResource, createSignal } from 'solid-js';
import type { ArrowTiming } from '../api/client.ts';
import { getBars, getDecisions, getEquity, getFills, getRun, getTrades, listLogs } from '../api/endpoints.ts';
import type { EquityCurve, Fill, JournalEntry, Trade } from '../api/types.ts';
import { joinDecisions } from '../lib/decisions.ts';

/** Follows cursors until the end or `max` items. */
export async function allPages<T>(fetchPage: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>, max = 20_000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && out.length < max);
  return out;
}

/** Everything the run detail page shows, each part loading (and failing) on its own. */
export function createRunDetail(id: () => string) {
  const timing: ArrowTiming = {};
  const run = createResource(id, getRun)[0];
  const equity = createResource(id, async (rid): Promise<{ curve: EquityCurve; timing: ArrowTiming }> => {
    const t: ArrowTiming = {};
    const curve = await getEquity(rid, t);
    Object.assign(timing, t);
    return { curve, timing: t };
  })[0];
  const trades = createResource(id, (rid) => allPages<Trade>(async (c) => { const p = await getTrades(rid, c); return { items: p.trades, nextCursor: p.nextCursor }; }))[0];
  const fills = createResource(id, (rid) => allPages<Fill>(async (c) => { const p = await getFills(rid, c); return { items: p.fills, nextCursor: p.nextCursor }; }))[0];
  const decisions = createResource(id, async (rid) => {
    const [entries, verdicts] = await Promise.all([
      allPages<JournalEntry>(async (c) => { const p = await getDecisions(rid, c); return { items: p.entries, nextCursor: p.nextCursor }; }, 5000),
      allPages<JournalEntry>(async (c) => { const p = await listLogs({ run: rid, kind: 'risk.verdict', order: 'asc', limit: 1000, cursor: c }); return { items: p.entries, nextCursor: p.nextCursor }; }, 5000),
    ]);
    return joinDecisions(entries, verdicts);
  })[0];
  const [journalQuery, setJournalQuery] = createSignal('');
  const journal = createResource(
    () => ({ run: id(), q: journalQuery() }),
    async (f) => (await listLogs({ run: f.run, q: f.q || undefined, order: 'asc', limit: 500 })).entries,
  )[0];
  /** Close prices of one symbol over the run's period, loaded when its chart is shown. */
  const prices = (symbol: string, timeframe: string, fromTs: number, toTs: number) => createResource(() => ({ symbol, timeframe, fromTs, toTs }), (a) => getBars(a.symbol, a.timeframe, a.fromTs, a.toTs))[0];
  return { run, equity, trades, fills, decisions, journal, journalQuery, setJournalQuery, prices };
}
