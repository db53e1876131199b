import { roundCents } from '../domain/money.ts';

/**
 * FeeModel port: the cumulative commission of one order after it has filled `qty` shares for `notional` dollars.
 * The broker charges each fill the difference, so per-order minimums and fixed fees are charged once, not per partial fill.
 */
export interface FeeModel {
  readonly describe: string;
  orderFee(qty: number, notional: number): number;
}

/** Percent of notional on every fill; `rate` is a fraction (0.004 = 0.4 %). */
export function percentFee(rate: number): FeeModel {
  assertFee(rate, 'commission rate');
  return { describe: `${rate * 100}% of notional`, orderFee: (_qty, notional) => notional * rate };
}

/** Per share with a minimum per order (the minimum applies once the order has any fill). */
export function perShareFee(perShare: number, minimum = 0): FeeModel {
  assertFee(perShare, 'per-share commission');
  assertFee(minimum, 'minimum commission');
  return {
    describe: `${perShare}/share, min ${minimum}/order`,
    orderFee: (qty) => (qty > 0 ? Math.max(minimum, qty * perShare) : 0),
  };
}

/** A fixed amount per order, charged on its first fill. */
export function fixedFee(amount: number): FeeModel {
  assertFee(amount, 'fixed commission');
  return { describe: `${amount}/order`, orderFee: (qty) => (qty > 0 ? amount : 0) };
}

export const noFee: FeeModel = { describe: 'none', orderFee: () => 0 };

/** Sum of several fee models (e.g. a broker commission plus an exchange fee). */
export function combinedFee(models: readonly FeeModel[]): FeeModel {
  if (models.length === 0) return noFee;
  if (models.length === 1) return models[0];
  return {
    describe: models.map((m) => m.describe).join(' + '),
    orderFee: (qty, notional) => models.reduce((sum, m) => sum + m.orderFee(qty, notional), 0),
  };
}

/** The fee, in cents, of one fill that takes an order from (qty0, notional0) to (qty0+qty, notional0+notional). */
export function fillFee(model: FeeModel, qty0: number, notional0: number, qty: number, notional: number): number {
  return roundCents(roundCents(model.orderFee(qty0 + qty, notional0 + notional)) - roundCents(model.orderFee(qty0, notional0)));
}

function assertFee(x: number, what: string): void {
  if (!Number.isFinite(x) || x < 0) throw new Error(`${what} must be a finite number >= 0, got ${x}`);
}
