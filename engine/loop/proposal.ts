import { affordableQuantity, shareUnits } from '../broker/sizing.ts';
import { type FeeModel, fillFee } from '../broker/fee-model.ts';
import type { Side } from '../domain/order.ts';
import type { Signal } from '../domain/signal.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import type { Proposal } from '../risk/risk-rule.ts';

const NOTHING_FILLED = { filledQty: 0, filledNotional: 0 };

/**
 * The engine's estimate, at the decision bar's close, of what a BUY/SELL signal would trade.
 * Target-weight and notional buys (and quantity buys with clipToCash) are cut to what cash affords, as the broker will do at the fill.
 */
export function proposeSignal(signal: Signal, symbolIndex: number, portfolio: Portfolio, fees: FeeModel, fractional: boolean, barVolume: number, clipToCash = false): Proposal {
  const side: Side = signal.action === 'BUY' ? 'buy' : 'sell';
  const known = symbolIndex >= 0;
  const price = known ? portfolio.lastPrice[symbolIndex] : NaN;
  const position = known ? portfolio.qty[symbolIndex] : 0;
  let quantity = 0;
  if (known && Number.isFinite(price)) {
    const size = signal.size!;
    if (size.kind === 'quantity') quantity = size.value;
    else if (size.kind === 'notional') quantity = shareUnits(size.value / price, fractional);
    else {
      const delta = shareUnits((size.value * portfolio.equity()) / price, fractional) - position;
      quantity = delta > 0 === (side === 'buy') ? Math.abs(delta) : 0;
    }
    const opensLong = side === 'buy' && position + quantity > 0;
    if ((size.kind !== 'quantity' || clipToCash) && opensLong) quantity = Math.min(quantity, affordableQuantity(NOTHING_FILLED, price, portfolio.cash, fees, fractional, quantity));
  }
  const notional = known && Number.isFinite(price) ? quantity * price : 0;
  return {
    signal,
    symbolIndex,
    side,
    price,
    quantity,
    notional,
    estimatedFee: quantity > 0 && Number.isFinite(price) ? fillFee(fees, 0, 0, quantity, notional) : 0,
    currentPosition: position,
    resultingPosition: position + (side === 'buy' ? quantity : -quantity),
    barVolume,
  };
}
