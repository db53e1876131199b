import { DAY_MS } from './time.ts';

/**
 * More than this between two consecutive bars of a symbol is a hole in its data, not a market closure: longer than
 * any closure of recent decades (four trading days after 9/11, Sep 10 → Sep 17, is 7 calendar days). The run's hole
 * warning and the momentum strategy both count holes by it.
 */
export const HOLE_MS = 10 * DAY_MS;
