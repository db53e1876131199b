import { describe, expect, test } from 'vitest';
import type { JournalEntry } from '../api/types.ts';
import { stepTitle, summariseEntry } from './journal-view.ts';

const e = (kind: string, data: unknown, ts: number | null = Date.UTC(2021, 2, 12)): JournalEntry => ({ seq: 1, recordedAt: 0, runId: 'r', kind, actor: 'a', ts, symbol: 'SPY', orderId: 'r-1', data, prevHash: '', hash: '' });

describe('journal summaries', () => {
  test.each([
    [e('signal', { action: 'SELL', size: { kind: 'target_weight', value: 0 }, rationale: 'long and RSI(2) > 90' }), 'SELL weight 0 — long and RSI(2) > 90'],
    [e('risk.verdict', { approved: false, reason: 'maxGrossExposure 1.2 > 1' }), 'rejected: maxGrossExposure 1.2 > 1'],
    [e('risk.verdict', { approved: true, proposal: { side: 'sell', quantity: 378 } }), 'approved sell 378'],
    [e('fill', { side: 'sell', qty: 378, price: 392.09, fee: 0 }), 'sell 378 @ 392.09 fee $0.00'],
    [e('order.filled', { filledQty: 378, avgFillPrice: 392.09 }), 'filled 378 @ avg 392.09'],
    [e('order.submitted', { side: 'buy', type: 'market', size: { kind: 'quantity', value: 10 } }), 'buy market 10 sh'],
    [e('order.rejected', { reason: 'insufficient cash' }), 'insufficient cash'],
    [e('api.request', { method: 'POST', path: '/api/session', status: 200 }), 'POST /api/session → 200'],
    [e('api.request', { method: 'POST', path: '/api/session', status: 200, requestId: 'req-1', via: 'token', outcome: 'signed in' }), 'POST /api/session → 200 · signed in'],
    [e('api.request', { method: 'POST', path: '/api/backtests', status: 202, requestId: 'req-2', via: 'session', jobId: 'job-7', strategy: 'sma-cross', symbols: ['SPY', 'QQQ'] }), 'POST /api/backtests → 202 · job job-7 · strategy sma-cross · symbols SPY,QQQ'],
    // Journalled by the backtest queue right after the run's run.start: no method, path or status.
    [e('api.request', { event: 'backtest started', jobId: 'job-7', queuedAt: Date.UTC(2026, 0, 5, 9, 30), runStartSeq: 41 }), 'backtest started · job job-7 · queued 2026-01-05 09:30:00 · run.start #41'],
    [e('api.request', { method: 'POST', path: '/api/sql', status: 400, refused: 'read_csv' }), 'POST /api/sql → 400 · refused read_csv'],
    [e('run.end', { status: 'completed', finalEquity: 292801.84, slices: 5849 }), 'completed · final equity $292,801.84 · 5849 slices'],
  ])('%#: %s', (entry, text) => expect(summariseEntry(entry)).toBe(text));

  test('step titles name the stage and the market time', () => {
    expect(stepTitle(e('risk.verdict', {}))).toBe('Risk verdict · 2021-03-12');
    expect(stepTitle(e('run.start', {}, null))).toBe('Run start (config and data)');
  });
});
