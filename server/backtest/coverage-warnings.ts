import { DAY_MS, formatTimestamp, type EngineResult, type SymbolCoverage } from '../../engine/index.ts';

// Longer than any market closure of recent decades (four trading days after 9/11: Sep 10 → Sep 17, 7 days).
const HOLE_DAYS = 10;
// Daily bars another symbol had while this one had none: a week of them is missing data, not a halt for the day.
const HOLE_MISSED_DAILY_SLICES = 5;

/** A gap in a symbol's bars that is missing data rather than a weekend, holiday or (intraday) a thin minute. */
function isHole(gap: NonNullable<SymbolCoverage['longestGap']>, daily: boolean): boolean {
  return gap.toTs - gap.fromTs > HOLE_DAYS * DAY_MS || (daily && gap.missedSlices >= HOLE_MISSED_DAILY_SLICES);
}

/**
 * One warning per symbol whose bars do not span the whole run: it starts after the run's first bar, ends before
 * its last, has none, or has a hole (its longest gap is over ten calendar days, or, for daily bars, other symbols
 * had five or more bars inside it). Such a symbol is not tradable where it has no bar, and a position held past its last
 * bar is marked at that bar's close until the run ends, so the results are read with that in mind.
 */
export function coverageWarnings(result: Pick<EngineResult, 'coverage' | 'openPositions'>, runFirstTs: number, runLastTs: number, daily = true): string[] {
  const warnings: string[] = [];
  for (const c of result.coverage) {
    if (c.bars === 0) {
      warnings.push(`${c.symbol} has no bars in the run (${formatTimestamp(runFirstTs)}..${formatTimestamp(runLastTs)}): it was never tradable`);
      continue;
    }
    const gap = c.longestGap;
    if (gap !== null && isHole(gap, daily)) {
      const days = Math.round((gap.toTs - gap.fromTs) / DAY_MS);
      const others = gap.missedSlices > 0 ? `; ${gap.missedSlices.toLocaleString('en-US')} bar times of other symbols fall inside` : '';
      warnings.push(
        `${c.symbol} has no bars between ${formatTimestamp(gap.fromTs)} and ${formatTimestamp(gap.toTs)} (${days.toLocaleString('en-US')} calendar days${others}): ` +
          'it was not tradable then, and indicators and lookbacks counted in bars reach across the gap',
      );
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
