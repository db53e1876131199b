import canonicalize from 'canonicalize';
import { describe, expect, test } from 'vitest';
import { perShareFee } from '../broker/fee-model.ts';
import { bpsSlippage } from '../broker/slippage-model.ts';
import type { Bar } from '../domain/bar.ts';
import { DAY_MS } from '../domain/time.ts';
import type { SignalInput } from '../domain/signal.ts';
import { canonicalJson, verifyChain } from '../journal/chain.ts';
import type { JournalDraft } from '../journal/journal.ts';
import { MemoryJournal } from '../journal/memory-journal.ts';
import { createRiskManager } from '../risk/risk-manager.ts';
import type { RiskRule } from '../risk/risk-rule.ts';
import type { CausedSignal } from '../strategy/strategy.ts';
import { fixedClock } from './clock.ts';
import { closeJson, fillJson, orderJson, signalJson, verdictJson, type VerdictPayload } from './journal-payloads.ts';
import { createRng } from './rng.ts';
import { approveAll, runScripted, scripted } from './test-kit.ts';

/** Keeps every draft, so a test can compare the text a writer printed with the general canonicaliser. */
class RecordingJournal extends MemoryJournal {
  readonly drafts: JournalDraft[] = [];
  override append(draft: JournalDraft): number {
    this.drafts.push(draft);
    return super.append(draft);
  }
}

const signal = { action: 'BUY', confidence: null, limitPrice: null, orderType: 'market', rationale: 'why', size: { kind: 'quantity', value: 3 }, stopLoss: null, stopPrice: null, symbol: 'SPY', takeProfit: null, timeInForce: 'gtc' } as const;
const verdict: VerdictPayload = {
  approved: false,
  proposal: { currentPosition: -0, estimatedFee: 1.005, notional: 1e21, price: null, quantity: 5e-7, resultingPosition: -3, side: 'sell' },
  reason: 'need 10,004.37, have 10,000.00',
  signalSeq: 7,
  verdicts: [
    { compared: { have: 10000, need: 10004.37 }, passed: false, reason: 'need 10,004.37, have 10,000.00', rule: 'cashSufficiency' },
    { compared: { '10': 1, '9': 2, a: null, b: true, c: 'x"y' }, passed: true, reason: null, rule: 'odd keys' },
    { compared: { z: 1, a: 2 }, passed: true, reason: null, rule: 'unsorted' },
    { compared: {}, passed: true, reason: null, rule: 'empty' },
  ],
};

describe('payload writers print exactly what canonicalJson prints', () => {
  test.each([
    ['signal', signalJson(signal), signal],
    ['signal with a decision', signalJson({ ...signal, decisionSeq: 4 }), { ...signal, decisionSeq: 4 }],
    ['signal with escapes', signalJson({ ...signal, rationale: 'quote " backslash \\ tab \t é 😀 lone \ud800 \u0001', symbol: 'BRK.B' }), { ...signal, rationale: 'quote " backslash \\ tab \t é 😀 lone \ud800 \u0001', symbol: 'BRK.B' }],
    ['signal with a long rationale', signalJson({ ...signal, rationale: 'x'.repeat(500) }), { ...signal, rationale: 'x'.repeat(500) }],
    ['signal with an extra key', signalJson({ ...signal, extra: 1 } as typeof signal), { ...signal, extra: 1 }],
    ['signal with keys out of order', signalJson(Object.assign({ timeInForce: 'gtc' }, signal)), signal],
    ['verdict', verdictJson(verdict), verdict],
    ['verdict of a rule with an extra key', verdictJson({ ...verdict, verdicts: [{ ...verdict.verdicts[0], note: 'x' } as never] }), { ...verdict, verdicts: [{ ...verdict.verdicts[0], note: 'x' }] }],
    ['order', orderJson({ causeSeq: null, id: 'r-1', limitPrice: 10.5, parentId: 'r-0', seq: 1, side: 'buy', size: { kind: 'target_weight', value: -0.5 }, stopLoss: 9, stopPrice: null, symbol: 'SPY', takeProfit: 12, timeInForce: 'day', type: 'limit' }), { causeSeq: null, id: 'r-1', limitPrice: 10.5, parentId: 'r-0', seq: 1, side: 'buy', size: { kind: 'target_weight', value: -0.5 }, stopLoss: 9, stopPrice: null, symbol: 'SPY', takeProfit: 12, timeInForce: 'day', type: 'limit' }],
    ['fill', fillJson({ fee: 0.01, filledQty: 1.000001, orderId: 'r-1', orderSeq: null, price: 123.4567, qty: 1e-6, quantity: null, side: 'sell', status: 'partially_filled', symbol: 'SPY', ts: 946864860000 }), { fee: 0.01, filledQty: 1.000001, orderId: 'r-1', orderSeq: null, price: 123.4567, qty: 1e-6, quantity: null, side: 'sell', status: 'partially_filled', symbol: 'SPY', ts: 946864860000 }],
    ['close', closeJson({ avgFillPrice: null, filledQty: 0, orderSeq: 3, reason: null, status: 'cancelled' }), { avgFillPrice: null, filledQty: 0, orderSeq: 3, reason: null, status: 'cancelled' }],
  ])('%s', (_label, printed, value) => {
    expect(printed).toBe(canonicalize(value));
  });

  test('a non-finite number is refused naming its path, as canonicalJson refuses it', () => {
    const bad = { ...verdict, verdicts: [{ ...verdict.verdicts[0], compared: { have: Number.NaN } }] };
    expect(() => verdictJson(bad)).toThrow('$.verdicts[0].compared.have');
    expect(() => fillJson({ fee: Infinity } as never)).toThrow('$.fee');
  });
});

// Bars that wander, with volume, so limits, stops, brackets, partial fills and rejections all happen.
function wanderingBars(symbols: readonly string[], count: number, seed: number): Bar[] {
  const rnd = createRng(seed);
  const bars: Bar[] = [];
  const price = symbols.map((_, k) => 20 + k * 7);
  for (let i = 0; i < count; i++) {
    symbols.forEach((symbol, k) => {
      const open = price[k] * (1 + (rnd() - 0.5) * 0.04);
      const close = open * (1 + (rnd() - 0.5) * 0.06);
      price[k] = close;
      bars.push({ symbol, ts: Date.UTC(2020, 0, 1) + i * DAY_MS, open, high: Math.max(open, close) * (1 + rnd() * 0.02), low: Math.min(open, close) * (1 - rnd() * 0.02), close, volume: Math.floor(rnd() * 5000) });
    });
  }
  return bars;
}

function randomSignal(rnd: () => number, symbol: string, close: number, fractional: boolean): SignalInput {
  const action = rnd() < 0.5 ? 'BUY' : 'SELL';
  const r = rnd();
  // 2.5 shares without fractional trading: the broker rejects the order.
  const size =
    r < 0.03 ? { kind: 'quantity' as const, value: 2.5 } : r < 0.3 ? { kind: 'quantity' as const, value: fractional ? Math.round(rnd() * 5e6) / 1e6 + 1e-6 : 1 + Math.floor(rnd() * 400) } : r < 0.6 ? { kind: 'target_weight' as const, value: Math.round((rnd() * 2 - 1) * 100) / 100 } : { kind: 'notional' as const, value: 100 + rnd() * 20_000 };
  const t = rnd();
  const orderType = t < 0.55 ? 'market' : t < 0.75 ? 'limit' : t < 0.9 ? 'stop' : 'stop_limit';
  const away = (f: number) => Math.round(close * f * 100) / 100;
  return {
    symbol,
    action,
    size,
    orderType,
    limitPrice: orderType === 'limit' || orderType === 'stop_limit' ? away(action === 'BUY' ? 0.99 : 1.01) : undefined,
    stopPrice: orderType === 'stop' || orderType === 'stop_limit' ? away(action === 'BUY' ? 1.01 : 0.99) : undefined,
    stopLoss: rnd() < 0.2 ? away(action === 'BUY' ? 0.95 : 1.05) : undefined,
    takeProfit: rnd() < 0.2 ? away(action === 'BUY' ? 1.05 : 0.95) : undefined,
    timeInForce: rnd() < 0.3 ? 'day' : 'gtc',
    confidence: rnd() < 0.5 ? Math.round(rnd() * 100) / 100 : undefined,
    rationale: rnd() < 0.1 ? `edge "${symbol}" \\ é ${'y'.repeat(Math.floor(rnd() * 100))}` : 'scripted',
  };
}

// A rule whose compared keys are out of order and include text: its verdicts take the general writer.
const unsortedRule: RiskRule = { name: 'unsorted', check: (p) => ({ rule: 'unsorted', passed: true, compared: { zeta: p.quantity, alpha: p.signal.symbol }, reason: null }) };

describe('journalled payloads of whole runs', () => {
  test.each([
    { seed: 1, fractional: false, fillTiming: 'next-open' as const, maxVolumePct: null, limits: true },
    { seed: 2, fractional: true, fillTiming: 'close' as const, maxVolumePct: 10, limits: true },
    { seed: 3, fractional: false, fillTiming: 'next-open' as const, maxVolumePct: 5, limits: false },
  ])('seed $seed: every text a writer printed equals canonicalize(data), and the chain verifies', async ({ seed, fractional, fillTiming, maxVolumePct, limits }) => {
    const symbols = ['AAA', 'BBB', 'CCC'];
    const bars = wanderingBars(symbols, 150, seed);
    const rnd = createRng(seed * 101);
    let decisions = 0;
    const strategy = scripted((_i, ctx, slice) => {
      const out: (SignalInput | CausedSignal)[] = [];
      for (let r = slice.start; r < slice.end; r++) {
        if (rnd() > 0.35) continue;
        const s = ctx.universe[slice.batch.symbol[r]];
        const sig = randomSignal(rnd, s, slice.batch.close[r], fractional);
        if (rnd() < 0.25) {
          decisions++;
          out.push({ causeSeq: ctx.recordDecision(s, { asked: decisions }), signal: sig });
        } else out.push(sig);
      }
      if (rnd() < 0.05) out.push({ symbol: 'NOPE', action: 'BUY', size: { kind: 'quantity', value: 1 } });
      return out as SignalInput[]; // the engine takes caused signals too; the test kit's type names only plain ones
    });
    const risk = limits
      ? createRiskManager({ maxPositionWeight: 0.6, maxGrossExposure: 1.5, maxOrderNotional: 30_000, maxDrawdown: 0.5, dailyLossLimit: 0.2, minAverageDailyVolume: 100, averageVolumeWindow: 5, maxParticipation: 0.5, allowShort: seed !== 1, shortMarginRate: 0.5 })
      : createRiskManager([...createRiskManager({}).rules, unsortedRule]);
    const journal = new RecordingJournal(fixedClock(0));
    const { result } = await runScripted(bars, strategy, { journal, fractional, fillTiming, maxVolumePct, risk, fees: perShareFee(0.005, 1), slippage: bpsSlippage(3), closeAtEnd: true, universe: symbols });
    const printed = journal.drafts.filter((d) => d.dataJson !== undefined);
    for (const d of printed) expect(d.dataJson).toBe(canonicalize(d.data));
    const kinds = new Set(printed.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(['fill', 'order.cancelled', 'order.filled', ...(fractional ? [] : ['order.rejected']), 'order.submitted', 'risk.verdict', 'signal']);
    expect(result.counts.fills).toBeGreaterThan(20);
    expect(result.counts.riskRejected).toBeGreaterThan(0);
    expect(verifyChain(journal.entries)).toMatchObject({ ok: true, entries: journal.entries.length });
  });

  test('a gate answering verdicts of another shape is journalled as it answered', async () => {
    const odd = { evaluate: () => ({ approved: true, reason: null, verdicts: [{ rule: 'mine', passed: true, reason: null, compared: { b: 1, a: Number.MAX_VALUE }, extra: [1] }] }) };
    const journal = new RecordingJournal(fixedClock(0));
    const strategy = scripted((i) => (i === 0 ? [{ symbol: 'AAA', action: 'BUY', size: { kind: 'quantity', value: 1 } }] : undefined));
    await runScripted(wanderingBars(['AAA'], 3, 9), strategy, { journal, risk: odd as never });
    const v = journal.drafts.find((d) => d.kind === 'risk.verdict')!;
    expect(v.dataJson).toBe(canonicalJson(v.data));
    expect(v.dataJson).toContain('"extra":[1]');
    expect(verifyChain(journal.entries).ok).toBe(true);
    expect(approveAll.evaluate(null as never, null as never).verdicts).toEqual([]);
  });
});
