import { readStrategyFile } from './file-text.ts';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { bracketIssue, ORDER_TYPES, SignalSchema, TIME_IN_FORCE, type SignalInput } from '../domain/signal.ts';
import { formatTimestamp, parseTimestamp } from '../domain/time.ts';

/** Columns of a signals CSV. The header is required; the first four columns are too. */
export const SIGNAL_FILE_COLUMNS = ['timestamp', 'symbol', 'side', 'quantity', 'type', 'limit_price', 'stop_price', 'stop_loss', 'take_profit', 'time_in_force'] as const;
const REQUIRED = SIGNAL_FILE_COLUMNS.slice(0, 4);

/** One validated row of a signals file. */
export interface SignalFileRow {
  /** 1-based line in the file (the header is line 1). */
  readonly line: number;
  /** UTC epoch ms of the bar at whose close the signal is emitted. */
  readonly ts: number;
  readonly symbolIndex: number;
  readonly signal: SignalInput;
}

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const positive = (expected: string) =>
  z.string().refine((s) => decimal.test(s) && Number(s) > 0 && Number.isFinite(Number(s)), { error: expected }).transform(Number);
const optionalPrice = z.union([z.literal('').transform(() => null), positive('a positive price or empty')], { error: 'a positive price or empty' });

function rowSchema(universe: readonly string[]) {
  return z
    .object({
      timestamp: z.string().transform((s, ctx) => {
        let ts = NaN;
        try {
          ts = parseTimestamp(s);
        } catch {
          // reported below
        }
        // Date.parse rolls 2020-02-31 over to March 2 instead of refusing it.
        const rolled = /^\d{4}-\d{2}-\d{2}$/.test(s) && Number.isFinite(ts) && formatTimestamp(ts) !== s;
        if (Number.isFinite(ts) && !rolled) return ts;
        ctx.addIssue({ code: 'custom', message: 'a YYYY-MM-DD date or an ISO-8601 timestamp' });
        return z.NEVER;
      }),
      symbol: z.string().refine((s) => universe.includes(s), { error: `a symbol of the universe (${universe.join(', ')})` }),
      side: z.enum(['buy', 'sell'], { error: 'buy or sell' }),
      quantity: positive('a positive number of shares'),
      type: z.union([z.literal('').transform(() => 'market' as const), z.enum(ORDER_TYPES)], { error: `one of ${ORDER_TYPES.join(', ')} or empty` }),
      limit_price: optionalPrice,
      stop_price: optionalPrice,
      stop_loss: optionalPrice,
      take_profit: optionalPrice,
      time_in_force: z.union([z.literal('').transform(() => 'gtc' as const), z.enum(TIME_IN_FORCE)], { error: `one of ${TIME_IN_FORCE.join(', ')} or empty (gtc)` }),
    })
    .superRefine((r, ctx) => {
      if ((r.type === 'limit' || r.type === 'stop_limit') && r.limit_price === null)
        ctx.addIssue({ code: 'custom', path: ['limit_price'], message: `a limit price for a ${r.type} order` });
      if ((r.type === 'stop' || r.type === 'stop_limit') && r.stop_price === null)
        ctx.addIssue({ code: 'custom', path: ['stop_price'], message: `a stop price for a ${r.type} order` });
      const bracket = bracketIssue(r.side, { type: r.type, limitPrice: r.limit_price, stopPrice: r.stop_price }, r.stop_loss, r.take_profit);
      if (bracket !== null) ctx.addIssue({ code: 'custom', path: [bracket.field === 'stopLoss' ? 'stop_loss' : 'take_profit'], message: bracket.expected });
    });
}

/**
 * Parses and validates a whole signals CSV (`source` names it in errors). Throws on the first
 * bad row with the source, line, field, what was expected and what was found; rows must be in
 * non-decreasing time order and name symbols of the universe.
 */
export function parseSignalCsv(text: string, source: string, universe: readonly string[]): SignalFileRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, trim: true, skip_empty_lines: true, bom: true }) as unknown as typeof records;
  } catch (err) {
    throw new Error(`${source}: not a valid CSV: ${(err as Error).message}`, { cause: err });
  }
  if (records.length === 0) throw new Error(`${source}: empty file; expected a header ${SIGNAL_FILE_COLUMNS.join(',')}`);
  const header = records[0].record;
  const unknown = header.filter((h) => !(SIGNAL_FILE_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (unknown.length > 0 || missing.length > 0 || new Set(header).size !== header.length) {
    throw new Error(`${source} line 1: bad header "${header.join(',')}"; expected columns ${SIGNAL_FILE_COLUMNS.join(',')} (the first four required, each once)`);
  }
  const schema = rowSchema(universe);
  const rows: SignalFileRow[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const raw: Record<string, string> = Object.fromEntries(SIGNAL_FILE_COLUMNS.map((c) => [c, '']));
    header.forEach((h, k) => (raw[h] = record[k]));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0]);
      throw new Error(`${source} line ${line}, field ${field}: expected ${issue.message}, got "${raw[field]}"`);
    }
    const r = parsed.data;
    const previous = rows.at(-1);
    if (previous && r.timestamp < previous.ts) {
      throw new Error(`${source} line ${line}, field timestamp: expected a time at or after line ${previous.line}'s ${formatTimestamp(previous.ts)} (rows must be in time order), got "${raw.timestamp}"`);
    }
    const signal = SignalSchema.parse({
      symbol: r.symbol,
      action: r.side === 'buy' ? 'BUY' : 'SELL',
      size: { kind: 'quantity', value: r.quantity },
      orderType: r.type,
      limitPrice: r.limit_price,
      stopPrice: r.stop_price,
      stopLoss: r.stop_loss,
      takeProfit: r.take_profit,
      timeInForce: r.time_in_force,
      rationale: `${source} line ${line}`,
    });
    rows.push({ line, ts: r.timestamp, symbolIndex: universe.indexOf(r.symbol), signal });
  }
  return rows;
}

/** Reads and validates a signals CSV file; see parseSignalCsv. */
export function readSignalFile(path: string, universe: readonly string[]): SignalFileRow[] {
  return parseSignalCsv(readStrategyFile(path, 'signals file'), path, universe);
}
