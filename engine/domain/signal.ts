import { z } from 'zod';

/** How big a signal wants to be. A target weight is a fraction of equity (negative = short), sized at fill time. */
export const SignalSizeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('quantity'), value: z.number().finite().positive() }).strict(),
  z.object({ kind: z.literal('target_weight'), value: z.number().finite().min(-10).max(10) }).strict(),
  z.object({ kind: z.literal('notional'), value: z.number().finite().positive() }).strict(),
]);
export type SignalSize = z.infer<typeof SignalSizeSchema>;

export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const TIME_IN_FORCE = ['day', 'gtc'] as const;
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

const price = z.number().finite().positive();

/**
 * What a strategy wants. The single source of truth for signals from rules, files and LLMs:
 * everything a strategy emits is parsed by this schema before the risk gate sees it.
 */
export const SignalSchema = z
  .object({
    // Keys in sorted order: parsed signals are journalled, and a sorted object is already canonical JSON.
    action: z.enum(['BUY', 'SELL', 'HOLD']),
    confidence: z.number().min(0).max(1).nullable().default(null),
    limitPrice: price.nullable().default(null),
    orderType: z.enum(ORDER_TYPES).default('market'),
    rationale: z.string().max(4000).nullable().default(null),
    /** Required for BUY and SELL; ignored for HOLD. */
    size: SignalSizeSchema.nullable().default(null),
    /** Bracket: protective stop attached to the entry, live from its fill. */
    stopLoss: price.nullable().default(null),
    stopPrice: price.nullable().default(null),
    symbol: z.string().min(1).max(32),
    /** Bracket: profit-taking limit attached to the entry, live from its fill. */
    takeProfit: price.nullable().default(null),
    timeInForce: z.enum(TIME_IN_FORCE).default('gtc'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.action !== 'HOLD' && s.size === null) ctx.addIssue({ code: 'custom', path: ['size'], message: `${s.action} needs a size` });
    if ((s.orderType === 'limit' || s.orderType === 'stop_limit') && s.limitPrice === null)
      ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: `${s.orderType} order needs limitPrice` });
    if ((s.orderType === 'stop' || s.orderType === 'stop_limit') && s.stopPrice === null)
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `${s.orderType} order needs stopPrice` });
    if (s.action !== 'HOLD') {
      const issue = bracketIssue(s.action === 'BUY' ? 'buy' : 'sell', { type: s.orderType, limitPrice: s.limitPrice, stopPrice: s.stopPrice }, s.stopLoss, s.takeProfit);
      if (issue !== null) ctx.addIssue({ code: 'custom', path: [issue.field], message: `expected ${issue.expected}, got ${s[issue.field]}` });
    }
  });

/**
 * Why a bracket cannot protect its entry, or null: the field at fault and what it should be. A buy's stop-loss must lie
 * below its take-profit (a sell's above), the stop-loss beyond the entry's stop (a limit entry's limit; a stop-limit's
 * stop and limit both) and the take-profit beyond its limit (a stop entry's stop; a stop-limit's both); otherwise the exit fires as soon as the entry fills. A market
 * entry has no price of its own: given `lastClose` (the price it is decided at) its legs are held to that, else only
 * the pair is checked.
 */
export function bracketIssue(
  side: 'buy' | 'sell',
  order: { readonly type: OrderType; readonly limitPrice: number | null; readonly stopPrice: number | null },
  stopLoss: number | null,
  takeProfit: number | null,
  lastClose: number | null = null,
): { field: 'stopLoss' | 'takeProfit'; expected: string } | null {
  const buy = side === 'buy';
  const wrong = (a: number, b: number) => (buy ? a >= b : a <= b);
  const up = buy ? 'above' : 'below';
  const down = buy ? 'below' : 'above';
  if (stopLoss !== null && takeProfit !== null && wrong(stopLoss, takeProfit)) return { field: 'takeProfit', expected: `a take-profit ${up} the stop-loss ${stopLoss} (a ${side}'s bracket)` };
  const { type, limitPrice, stopPrice } = order;
  const at = (name: string, price: number | null) => (price === null ? null : { price, text: `the entry's ${name} price ${price}` });
  const market = lastClose === null ? null : { price: lastClose, text: `the last close ${lastClose}` };
  // A stop-limit fills anywhere between its stop and its limit: each leg must clear both, the nearer one decides.
  const near = (pickLow: boolean) => {
    if (stopPrice === null || limitPrice === null) return null;
    const stopIsIt = pickLow === stopPrice <= limitPrice;
    return at(stopIsIt ? 'stop' : 'limit', stopIsIt ? stopPrice : limitPrice);
  };
  const loss = type === 'market' ? market : type === 'stop_limit' ? near(buy) : at(type === 'limit' ? 'limit' : 'stop', type === 'limit' ? limitPrice : stopPrice);
  const profit = type === 'market' ? market : type === 'stop_limit' ? near(!buy) : at(type === 'stop' ? 'stop' : 'limit', type === 'stop' ? stopPrice : limitPrice);
  if (stopLoss !== null && loss !== null && wrong(stopLoss, loss.price)) return { field: 'stopLoss', expected: `a stop-loss ${down} ${loss.text} (a ${side}'s bracket)` };
  if (takeProfit !== null && profit !== null && wrong(profit.price, takeProfit)) return { field: 'takeProfit', expected: `a take-profit ${up} ${profit.text} (a ${side}'s bracket)` };
  return null;
}

/** A parsed, valid signal. */
export type Signal = z.infer<typeof SignalSchema>;
/** What strategies may return before parsing (defaults filled in by the schema). */
export type SignalInput = z.input<typeof SignalSchema>;
