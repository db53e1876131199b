/** Bar timeframes as the API names them ("1Min", "5Min", "1Hour", "1Day"). Pure. */

const UNIT_MINUTES: Record<string, number> = { Min: 1, Hour: 60, Day: 1440, Week: 7 * 1440, Month: 30 * 1440 };

/** A timeframe's bar length in minutes, for sorting ("5Min" → 5, "1Day" → 1440); null when not understood. */
export function timeframeMinutes(timeframe: string): number | null {
  const m = /^(\d+)(Min|Hour|Day|Week|Month)$/.exec(timeframe);
  return m ? Number(m[1]) * UNIT_MINUTES[m[2]] : null;
}
