/** Parses `YYYY-MM-DD` or an ISO-8601 instant to UTC epoch ms; throws naming the input when it is not one. */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : Date.parse(s);
  if (!Number.isFinite(ms)) throw new Error(`not a date or ISO-8601 timestamp: "${text}"`);
  return ms;
}

/** Formats epoch ms as `YYYY-MM-DD` when it is midnight UTC, else as an ISO-8601 instant. */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

export const DAY_MS = 86_400_000;
