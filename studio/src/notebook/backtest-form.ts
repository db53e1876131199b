/** Between the backtest form's text fields and the API's config object. Pure. */

/** One strategy parameter: its name, what it means, and the engine's default (absent when it is required). */
export interface StrategyParam {
  readonly name: string;
  readonly help: string;
  readonly default?: string;
}

/** A strategy the engine knows: its parameters and the values a new cell starts with. */
export interface StrategyInfo {
  readonly name: string;
  readonly params: readonly StrategyParam[];
  readonly example: Record<string, string>;
}

/** Strategies the engine knows, with their parameters and defaults (README "Strategies", engine/strategy/*.ts). */
export const STRATEGIES: readonly StrategyInfo[] = [
  { name: 'buy-and-hold', params: [{ name: 'weight', help: 'target weight of equity', default: '1' }], example: {} },
  {
    name: 'sma-cross',
    params: [
      { name: 'fast', help: 'fast SMA bars', default: '10' },
      { name: 'slow', help: 'slow SMA bars', default: '30' },
      { name: 'short', help: 'go short on a cross down', default: 'false' },
    ],
    example: { fast: '50', slow: '200' },
  },
  {
    name: 'close-vs-sma',
    params: [
      { name: 'period', help: 'SMA bars', default: '15' },
      { name: 'stake', help: 'shares per buy', default: '10' },
    ],
    example: { period: '20', stake: '100' },
  },
  {
    name: 'rsi-reversion',
    params: [
      { name: 'period', help: 'RSI bars', default: '14' },
      { name: 'lower', help: 'buy below this RSI', default: '30' },
      { name: 'upper', help: 'exit above this RSI', default: '70' },
    ],
    example: { period: '2', lower: '10', upper: '90' },
  },
  {
    name: 'momentum',
    params: [
      { name: 'lookback', help: 'return over this many bars', default: '126' },
      { name: 'top', help: 'symbols held', default: '3' },
      { name: 'rebalance', help: 'bars between rebalances', default: '21' },
    ],
    example: { lookback: '126', top: '2', rebalance: '21' },
  },
  { name: 'signals', params: [{ name: 'file', help: 'path of a signals CSV on the server' }], example: {} },
  {
    // Asks the model the server is configured with (OPENAI_BASE_URL, TRADEBOOK_LLM_MODEL); answers are cached.
    name: 'llm',
    params: [
      { name: 'every', help: 'ask every N bars of each symbol', default: '1' },
      { name: 'on', help: 'bar: every due bar; change: only when indicators or position changed', default: 'bar' },
      { name: 'window', help: 'recent bars shown in the prompt (also the warm-up)', default: '20' },
      { name: 'temperature', help: 'sampling temperature 0..2', default: '0' },
      { name: 'maxTokens', help: 'answer token limit', default: '400' },
      { name: 'model', help: "model name (default: the server's TRADEBOOK_LLM_MODEL)" },
      { name: 'prompt', help: 'prompt template: the built-in one unless the server allows a folder of its own' },
      { name: 'seed', help: 'sampling seed where the server honours one' },
    ],
    example: { every: '5' },
  },
];

/** The params field's placeholder for a strategy: its parameters at their defaults ("file=…" when required). */
export function paramsPlaceholder(strategy: string): string {
  const s = STRATEGIES.find((x) => x.name === strategy);
  if (!s) return 'key=value, …';
  if (s.params.length === 0) return 'no parameters';
  return s.params.map((p) => `${p.name}=${p.default ?? '…'}`).join(', ');
}

/** One line on a strategy's parameters: "weight: target weight of equity (default 1)". */
export function paramsHelp(strategy: string): string {
  const s = STRATEGIES.find((x) => x.name === strategy);
  if (!s) return 'key=value pairs the strategy reads';
  if (s.params.length === 0) return 'none';
  return s.params.map((p) => `${p.name}: ${p.help}${p.default === undefined ? ', required' : ` (default ${p.default})`}`).join('; ');
}

/** Risk limits the form offers (the rest keep their defaults). */
export const RISK_FIELDS: readonly { key: string; label: string; kind: 'fraction' | 'money' | 'bool' }[] = [
  { key: 'maxPositionWeight', label: 'Max position weight', kind: 'fraction' },
  { key: 'maxGrossExposure', label: 'Max gross exposure', kind: 'fraction' },
  { key: 'maxOrderNotional', label: 'Max order notional ($)', kind: 'money' },
  { key: 'maxDrawdown', label: 'Halt at drawdown', kind: 'fraction' },
  { key: 'dailyLossLimit', label: 'Daily loss limit', kind: 'fraction' },
  { key: 'allowShort', label: 'Allow shorts', kind: 'bool' },
];

/** "fast=50, slow=200" → {fast: "50", slow: "200"}; throws naming the bad pair. */
export function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_][\w-]*)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not key=value`);
    out[m[1]] = m[2].trim();
  }
  return out;
}

export function formatParams(params: unknown): string {
  if (params === null || typeof params !== 'object') return '';
  return Object.entries(params as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

/** "spy, qqq  IWM" → ["SPY", "QQQ", "IWM"]. */
export function parseSymbols(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
}

/**
 * Sets one field of a config, removing it when the value is empty (so the server's default applies).
 * `path` is dotted: "commission.pct", "risk.maxDrawdown".
 */
export function setField(config: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const copy = { ...config };
  if (rest.length === 0) {
    if (value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value))) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const inner = copy[head] !== null && typeof copy[head] === 'object' ? (copy[head] as Record<string, unknown>) : {};
  const next = setField(inner, rest.join('.'), value);
  if (Object.keys(next).length === 0) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** Reads a dotted field of a config. */
export function getField(config: Record<string, unknown>, path: string): unknown {
  let v: unknown = config;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A number field's text → number, or undefined when blank; NaN when not a number. */
export function numberOrBlank(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return Number(t);
}
