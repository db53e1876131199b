/** One leaf path of a config and its value in each run ('missing' where a run lacks it). */
export interface ConfigDiffRow {
  readonly path: string;
  readonly values: readonly unknown[];
  /** True when not every run has the same value at this path. */
  readonly differs: boolean;
}

export const MISSING: unique symbol = Symbol('missing');

/**
 * Flattens a JSON value to dotted leaf paths: {a: {b: 1}, c: [2, 3]} → {"a.b": 1, "c": [2, 3]}.
 * Arrays are leaves (a universe or tag list is compared whole); empty objects are leaves too.
 */
export function flattenConfig(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flattenConfig(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (prefix !== '') {
    out.set(prefix, value);
  }
  return out;
}

/**
 * Config diff of several runs: every leaf path of any config, in sorted order, with each run's
 * value (MISSING when absent) and whether they differ. `onlyDifferences` drops the equal rows.
 */
export function diffConfigs(configs: readonly unknown[], options: { onlyDifferences?: boolean } = {}): ConfigDiffRow[] {
  const flat = configs.map((c) => flattenConfig(c));
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort();
  const rows: ConfigDiffRow[] = paths.map((path) => {
    const values = flat.map((f) => (f.has(path) ? f.get(path) : MISSING));
    const first = key(values[0]);
    return { path, values, differs: values.some((v) => key(v) !== first) };
  });
  return options.onlyDifferences ? rows.filter((r) => r.differs) : rows;
}

function key(v: unknown): string {
  return v === MISSING ? '\u0000missing' : JSON.stringify(v);
}
