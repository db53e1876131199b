/** Clock port: wall time for journal stamps. The engine never reads Date.now() itself. */
export interface Clock {
  now(): number;
}

/** A clock that always answers the same instant (tests, reproducible runs). */
export function fixedClock(ms: number): Clock {
  return { now: () => ms };
}
