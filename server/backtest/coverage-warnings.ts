import { DAY_MS, formatTimestamp, HOLE_MS, type EngineResult } from '../../engine/index.ts';

/**
 * What a hole in a symbol's bars is, for the engine to look for: more than HOLE_MS (ten calendar days) between two of
 * its bars, or, for daily bars, five or more bar times other symbols had while it had none (a week of missing data,
 * not a one-day halt). Intraday, a thin symbol misses minutes others trade all the time, so only the calendar counts.
 */
export function holeRule(daily: boolean): { minMs: number; minMissedSlices: number } {
  return { minMs: HOLE_MS, minMissedSlices: daily ? 5 : Number.POSITIVE_INFINITY };
}

/**
 * One warning per symbol whose bars do not span the whole run: it starts after the run's first bar, ends before
 * its last, has none, or has holes (the engine finds them by holeRule; each is named, up to the engine's MAX_HOLES
 * per symbol). Such a symbol is not tradable where it has no bar, and a position held past its last
 * bar is marked at that bar's close until the run ends, so the results are read with that in mind.
 */
export function coverageWarnings(result: Pick<EngineResult, 'coverage' | 'openPositions'>, runFirstTs: number, runLastTs: number): string[] {
  const warnings: string[] = [];
  for (const c of result.coverage) {
    if (c.bars === 0) {
      warnings.push(`${c.symbol} has no bars in the run (${formatTimestamp(runFirstTs)}..${formatTimestamp(runLastTs)}): it was never tradable`);
      continue;
    }
    for (const hole of c.holes) {
      const days = Math.round((hole.toTs - hole.fromTs) / DAY_MS);
      const others = hole.missedSlices > 0 ? `; ${hole.missedSlices.toLocaleString('en-US')} bar times of other symbols fall inside` : '';
      warnings.push(
        `${c.symbol} has no bars between ${formatTimestamp(hole.fromTs)} and ${formatTimestamp(hole.toTs)} (${days.toLocaleString('en-US')} calendar days${others}): ` +
          'it was not tradable then, and an indicator counting bars counts across the hole',
      );
    }
    if (c.holeCount > c.holes.length) warnings.push(`${c.symbol} has ${(c.holeCount - c.holes.length).toLocaleString('en-US')} more holes after the ${c.holes.length} named`);
    if (c.firstTs > runFirstTs) warnings.push(`${c.symbol}'s bars start ${formatTimestamp(c.firstTs)}, after the run's first bar ${formatTimestamp(runFirstTs)}: it was not tradable before then`);
    if (c.lastTs < runLastTs) {
      const open = result.openPositions.find((p) => p.symbol === c.symbol);
      const held = open === undefined ? '' : `; the ${open.side} position of ${open.qty} still open is marked at its last close ${open.lastPrice} from then to the end`;
      warnings.push(`${c.symbol}'s bars end ${formatTimestamp(c.lastTs)}, before the run's last bar ${formatTimestamp(runLastTs)}: it was not tradable after then${held}`);
    }
  }
  return warnings;
}
