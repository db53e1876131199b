import { formatTimestamp, type EngineResult } from '../../engine/index.ts';

/**
 * One warning per symbol whose bars do not span the whole run: it starts after the run's first bar, ends before
 * its last, or has none. Such a symbol is not tradable where it has no bar, and a position held past its last
 * bar is marked at that bar's close until the run ends, so the results are read with that in mind.
 */
export function coverageWarnings(result: Pick<EngineResult, 'coverage' | 'openPositions'>, runFirstTs: number, runLastTs: number): string[] {
  const warnings: string[] = [];
  for (const c of result.coverage) {
    if (c.bars === 0) {
      warnings.push(`${c.symbol} has no bars in the run (${formatTimestamp(runFirstTs)}..${formatTimestamp(runLastTs)}): it was never tradable`);
      continue;
    }
    if (c.firstTs > runFirstTs) warnings.push(`${c.symbol}'s bars start ${formatTimestamp(c.firstTs)}, after the run's first bar ${formatTimestamp(runFirstTs)}: it was not tradable before then`);
    if (c.lastTs < runLastTs) {
      const open = result.openPositions.find((p) => p.symbol === c.symbol);
      const held = open === undefined ? '' : `; the ${open.side} position of ${open.qty} still open is marked at its last close ${open.lastPrice} from then to the end`;
      warnings.push(`${c.symbol}'s bars end ${formatTimestamp(c.lastTs)}, before the run's last bar ${formatTimestamp(runLastTs)}: it was not tradable after then${held}`);
    }
  }
  return warnings;
}
