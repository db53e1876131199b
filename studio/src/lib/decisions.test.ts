import { describe, expect, test } from 'vitest';
import type { JournalEntry } from '../api/types.ts';
import { describeSize, joinDecisions } from './decisions.ts';

const entry = (seq: number, kind: string, data: unknown, symbol = 'SPY'): JournalEntry => ({ seq, recordedAt: 0, runId: 'r', kind, actor: 'x', ts: seq * 1000, symbol, orderId: null, data, prevHash: '', hash: '' });

describe('joinDecisions', () => {
  test('a signal gets its verdict by signalSeq, and its LLM decision folded in', () => {
    const entries = [
      entry(1, 'decision', { model: 'gpt-x', promptHash: 'abc' }),
      entry(2, 'signal', { action: 'BUY', size: { kind: 'target_weight', value: 1 }, confidence: 0.8, rationale: 'trend up', decisionSeq: 1 }),
      entry(4, 'signal', { action: 'SELL', size: { kind: 'quantity', value: 10 }, confidence: null, rationale: null }),
      entry(6, 'signal.invalid', { decisionSeq: null, issues: 'size: BUY needs a size', reason: 'invalid_output' }),
    ];
    const verdicts = [entry(3, 'risk.verdict', { approved: true, reason: null, signalSeq: 2, verdicts: [{ rule: 'cash', ok: true }] }), entry(5, 'risk.verdict', { approved: false, reason: 'maxGrossExposure', signalSeq: 4, verdicts: [] })];
    const rows = joinDecisions(entries, verdicts);
    expect(rows.map((r) => [r.seq, r.action, r.verdict, r.model])).toEqual([
      [2, 'BUY', 'approved', 'gpt-x'],
      [4, 'SELL', 'rejected', null],
      [6, 'HOLD', 'invalid', null],
    ]);
    expect(rows[0].rationale).toBe('trend up');
    expect(rows[0].confidence).toBe(0.8);
    expect(rows[0].rules).toHaveLength(1);
    expect(rows[1].verdictReason).toBe('maxGrossExposure');
    expect(rows[2].rationale).toBe('invalid output: size: BUY needs a size');
  });

  test('a decision without a signal still shows', () => {
    const rows = joinDecisions([entry(1, 'decision', { model: 'm', parsed: { action: 'HOLD', rationale: 'wait' } })], []);
    expect(rows).toMatchObject([{ seq: 1, action: 'HOLD', rationale: 'wait', verdict: 'none', model: 'm' }]);
  });

  test.each([
    [{ kind: 'quantity', value: 5 }, '5 sh'],
    [{ kind: 'notional', value: 5000 }, '$5000'],
    [{ kind: 'target_weight', value: -1 }, 'weight -1'],
    [null, '—'],
  ])('describeSize(%j) = %s', (s, t) => expect(describeSize(s)).toBe(t));
});
