import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Slice } from '../domain/bar.ts';
import type { SignalInput } from '../domain/signal.ts';
import type { Decision, Strategy, StrategyDefinition, StrategyEnv } from './strategy.ts';
import { parseParams, textParam } from './params.ts';
import { fileReadReason } from './file-text.ts';
import { readSignalFile, type SignalFileRow } from './signal-file.ts';

const ParamsSchema = z.object({ file: textParam('a path to a signals CSV file') });

/** The signals replay strategy: also reports the rows it never emitted. */
export interface SignalsStrategy extends Strategy {
  /** Rows not emitted so far, in file order: at the end of a run, those whose timestamp never matched a bar of their symbol. */
  unmatched(): readonly SignalFileRow[];
}

/** The signals definition: its create returns a SignalsStrategy. */
export interface SignalsDefinition extends StrategyDefinition {
  create(params: Readonly<Record<string, string>>, env: StrategyEnv): SignalsStrategy;
}

/**
 * Replays a signals CSV (`timestamp,symbol,side,quantity,type,limit_price,stop_price,stop_loss,
 * take_profit`). The whole file is read and validated when the strategy is created. Each row is
 * emitted at the close of the bar of its symbol with exactly its timestamp, in file order.
 */
export const signalsStrategy: SignalsDefinition = {
  name: 'signals',
  description: 'Replay orders from a CSV file, each at the close of the bar with its timestamp.',
  params: { file: 'path of the signals CSV (required)' },
  fileParams: ['file'],
  paramsSchema: ParamsSchema,
  create(params, env) {
    const { file } = parseParams('signals', ParamsSchema, params);
    return new SignalReplay(readSignalFile(file, env.universe), env.universe.length);
  },
  inputs(params) {
    const { file } = parseParams('signals', ParamsSchema, params);
    try {
      return { fileSha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
    } catch (err) {
      throw new Error(`cannot read signals file ${file}: ${fileReadReason(err)}`, { cause: err });
    }
  },
};

class SignalReplay implements SignalsStrategy {
  readonly warmup = 1;
  private readonly rows: readonly SignalFileRow[];
  /** Row indices grouped by symbol (each group in file order); group s is [groupStart[s], groupStart[s + 1]). */
  private readonly order: Int32Array;
  private readonly orderTs: Float64Array;
  private readonly groupStart: Int32Array;
  private readonly cursor: Int32Array;
  private readonly emitted: Uint8Array;

  constructor(rows: readonly SignalFileRow[], symbols: number) {
    this.rows = rows;
    this.groupStart = new Int32Array(symbols + 1);
    for (const r of rows) this.groupStart[r.symbolIndex + 1]++;
    for (let s = 0; s < symbols; s++) this.groupStart[s + 1] += this.groupStart[s];
    this.cursor = this.groupStart.slice(0, symbols);
    const fill = this.groupStart.slice(0, symbols);
    this.order = new Int32Array(rows.length);
    this.orderTs = new Float64Array(rows.length);
    rows.forEach((r, k) => {
      const at = fill[r.symbolIndex]++;
      this.order[at] = k;
      this.orderTs[at] = r.ts;
    });
    this.emitted = new Uint8Array(rows.length);
  }

  observe(): void {}

  decide(slice: Slice): Decision {
    const { batch, start, end } = slice;
    let out: SignalInput[] | undefined;
    for (let i = start; i < end; i++) {
      const s = batch.symbol[i];
      const ts = batch.ts[i];
      const last = this.groupStart[s + 1];
      let c = this.cursor[s];
      while (c < last && this.orderTs[c] < ts) c++;
      for (; c < last && this.orderTs[c] === ts; c++) {
        this.emitted[this.order[c]] = 1;
        (out ??= []).push(this.rows[this.order[c]].signal);
      }
      this.cursor[s] = c;
    }
    return out;
  }

  unmatched(): readonly SignalFileRow[] {
    return this.rows.filter((_, k) => this.emitted[k] === 0);
  }
}
