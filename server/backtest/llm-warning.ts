/**
 * The warning for an llm run in which no model call gave a valid answer (every call failed, was refused by the
 * circuit breaker or answered something invalid), so every decision degraded to HOLD: such a run measures no
 * model at all. Null when some answer was valid or nothing was asked. Reads the run's `llm` stats as stored.
 */
export function modelFailureWarning(stats: Readonly<Record<string, unknown>> | undefined): string | null {
  if (stats === undefined) return null;
  const n = (k: string) => (typeof stats[k] === 'number' ? (stats[k] as number) : 0);
  const decisions = n('decisions');
  if (decisions === 0 || n('buys') + n('sells') + n('holds') > 0) return null;
  return `every one of the ${decisions} model calls failed (${n('unavailable')} unavailable, ${n('invalidOutputs')} invalid_output): all decisions degraded to HOLD, so this run measures no model`;
}
