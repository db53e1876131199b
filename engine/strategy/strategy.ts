import type { z } from 'zod';
import type { Slice, Timeframe } from '../domain/bar.ts';
import type { SignalInput } from '../domain/signal.ts';
import type { ModelProvider } from './llm/model-gateway.ts';

/** What a strategy may know when it decides: point-in-time state only. */
export interface StrategyContext {
  readonly universe: readonly string[];
  /** Index of a symbol in the universe, -1 when absent. */
  symbolIndex(symbol: string): number;
  /** Bars of this symbol seen so far, including the current slice. */
  barsSeen(symbolIndex: number): number;
  /** True once the symbol has at least `warmup` bars. */
  isWarm(symbolIndex: number): boolean;
  /** Signed shares held (negative = short). */
  position(symbolIndex: number): number;
  /** True while an order for the symbol is neither filled, cancelled nor rejected. */
  hasOpenOrder(symbolIndex: number): boolean;
  readonly cash: number;
  /** Cash plus positions marked at the latest closes. */
  readonly equity: number;
  /** Deterministic random numbers in [0, 1) from the run's seed. */
  random(): number;
  /** Market time of the slice being decided (epoch ms). */
  readonly now: number;
  /**
   * Journals what a decision was based on (e.g. an LLM's prompt hash and raw answer) as a `decision` entry and
   * returns its journal sequence, for the signals it caused to point back at (see CausedSignal).
   */
  recordDecision(symbol: string | null, data: unknown): number;
}

/**
 * Raw output of a decision that the journal already recorded (recordDecision): `signal` is unparsed (a model's
 * answer, possibly invalid) and `causeSeq` is the decision entry it came from.
 */
export interface CausedSignal {
  readonly causeSeq: number;
  readonly signal: unknown;
  /** Set when the strategy already found the output invalid: the issues, journalled with reason invalid_output. */
  readonly invalid?: string;
}

/** What decide returns: signals to parse and judge, or nothing (HOLD). */
export type Decision = readonly (SignalInput | CausedSignal)[] | undefined;

/** Strategy port. A strategy only emits signals; it never trades. */
export interface Strategy {
  /** Bars of a symbol needed before decide may be asked about it. */
  readonly warmup: number;
  /** Sees every slice in time order, before decide, to update its indicators. */
  observe(slice: Slice): void;
  /** Asked at the close of a slice in which at least one bar's symbol is warm. */
  decide(slice: Slice, ctx: StrategyContext): Decision | Promise<Decision>;
  /** Run-level figures of the strategy's own (e.g. LLM tokens, cost, latency), reported beside the metrics. */
  stats?(): Readonly<Record<string, unknown>>;
}

/** What a strategy factory is told about the run. */
export interface StrategyEnv {
  readonly universe: readonly string[];
  readonly timeframe: Timeframe;
  /** Language-model access for strategies that ask one; absent when none is configured. */
  readonly models?: ModelProvider;
  /** The run's risk limits (name → value, unset ones omitted), for strategies that tell a model what it must respect. */
  readonly riskLimits?: Readonly<Record<string, unknown>>;
  /** Company or fund names by symbol, where the store knows them. */
  readonly symbolNames?: ReadonlyMap<string, string>;
  /** The run trades fractional shares (default false: whole shares, so a quantity param must be whole). */
  readonly fractional?: boolean;
}

/** A named strategy with a zod-validated parameter set. `params` are the raw `key=value` strings from the CLI or API. */
export interface StrategyDefinition {
  readonly name: string;
  readonly description: string;
  /** Parameter names with their meaning and default, for --help and the studio's forms. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * Params whose value is a path of a file on the machine the run executes on, which the strategy reads (a prompt
   * template, a signals CSV). The CLI reads any such file; the HTTP API admits only paths inside its allowed roots.
   */
  readonly fileParams?: readonly string[];
  /** The schema `create` parses the params with, when there is one: the run id covers the params in canonical form. */
  readonly paramsSchema?: z.ZodObject;
  create(params: Readonly<Record<string, string>>, env: StrategyEnv): Strategy;
  /**
   * Fingerprints of what the strategy reads besides bars (e.g. a signals file's sha256), so two runs whose
   * inputs differ never share a run id. Omitted when the params say everything.
   */
  inputs?(params: Readonly<Record<string, string>>): Readonly<Record<string, string>>;
}
