import { z } from 'zod';

/** A cell id: 1–64 of A-Z a-z 0-9 _ -, unique within its notebook. */
export const CellIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a cell id is 1-64 of A-Z a-z 0-9 _ -');

const TEXT_LIMIT = 100_000;

// One shape per kind; `id` is added below, required for stored cells and optional for input cells.
const KINDS = {
  markdown: { kind: z.literal('markdown'), source: z.string().max(TEXT_LIMIT) },
  sql: { kind: z.literal('sql'), sql: z.string().max(TEXT_LIMIT) },
  chart: {
    kind: z.literal('chart'),
    /** The sql or backtest cell whose result is plotted. */
    sourceCellId: CellIdSchema,
    mark: z.enum(['line', 'area', 'bar', 'dot']),
    /** Column names of the source result. */
    x: z.string().min(1).max(200),
    y: z.string().min(1).max(200),
    color: z.string().min(1).max(200).optional(),
  },
  /** A backtest config as the API takes it (server/backtest BacktestConfigSchema checks it when the cell runs). */
  backtest: { kind: z.literal('backtest'), config: z.record(z.string(), z.unknown()) },
  compare: { kind: z.literal('compare'), runIds: z.array(z.string().min(1).max(200)).max(20) },
} as const;

function cellUnion<Id extends z.ZodType>(id: Id) {
  return z.discriminatedUnion('kind', [
    z.strictObject({ id, ...KINDS.markdown }),
    z.strictObject({ id, ...KINDS.sql }),
    z.strictObject({ id, ...KINDS.chart }),
    z.strictObject({ id, ...KINDS.backtest }),
    z.strictObject({ id, ...KINDS.compare }),
  ]);
}

/** One stored notebook cell, by `kind`: markdown, sql, chart, backtest or compare. Unknown fields are refused. */
export const NotebookCellSchema = cellUnion(CellIdSchema);
export type NotebookCell = z.infer<typeof NotebookCellSchema>;

/** A cell as a client sends it: the id may be left out, and the store gives it one. */
export const NotebookCellInputSchema = cellUnion(CellIdSchema.optional());
export type NotebookCellInput = z.infer<typeof NotebookCellInputSchema>;

/** Most cells one notebook holds. */
export const MAX_CELLS = 200;

/**
 * An ordered list of input cells: at most MAX_CELLS, ids unique, and every chart's sourceCellId naming a
 * sql or backtest cell of the same notebook.
 */
export const NotebookCellsInputSchema = z
  .array(NotebookCellInputSchema)
  .max(MAX_CELLS)
  .superRefine((cells, ctx) => {
    const kinds = new Map<string, string>();
    cells.forEach((cell, i) => {
      if (cell.id === undefined) return;
      if (kinds.has(cell.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate cell id "${cell.id}"` });
      kinds.set(cell.id, cell.kind);
    });
    cells.forEach((cell, i) => {
      if (cell.kind !== 'chart') return;
      const source = kinds.get(cell.sourceCellId);
      if (source !== 'sql' && source !== 'backtest') {
        ctx.addIssue({ code: 'custom', path: [i, 'sourceCellId'], message: `"${cell.sourceCellId}" is not a sql or backtest cell of this notebook` });
      }
    });
  });

/** A notebook's title: 1–200 characters, not only spaces. */
export const NotebookTitleSchema = z.string().trim().min(1, 'the title is empty').max(200);

/** The notebook every new user starts with: the demo data explored in SQL, charted, and backtested. */
export function starterNotebook(): { title: string; cells: NotebookCell[] } {
  const spy = { symbols: ['SPY'], timeframe: '1Day', from: '2000-01-01', to: '2020-12-31', cash: 100_000 };
  return {
    title: 'Getting started',
    cells: [
      {
        id: 'intro',
        kind: 'markdown',
        source: [
          '# Getting started',
          'This notebook explores the demo market data with SQL, charts SPY, and backtests a',
          '50/200-day moving-average crossover against buy-and-hold. SQL cells are read-only and see the',
          'views `bars`, `series`, `symbols`, `runs`, `run_equity`, `journal`, `llm_decisions` and `llm_prompts`.',
          'Run the two backtest cells, then put their run ids in the compare cell.',
          '',
          '**Shift+Enter** runs a cell, **Ctrl+Shift+Enter** runs them all, **?** lists every shortcut.',
        ].join('\n'),
      },
      { id: 'series', kind: 'sql', sql: 'SELECT symbol, timeframe, first_ts, last_ts, bar_count\nFROM series\nORDER BY symbol, timeframe' },
      {
        id: 'spy-yearly',
        kind: 'sql',
        sql: [
          "-- SPY's return per calendar year (close to close; splits adjusted, dividends not)",
          'WITH yearly AS (',
          "  SELECT year(ts) AS year, last(close ORDER BY ts) AS close FROM bars WHERE symbol = 'SPY' AND timeframe = '1Day' GROUP BY 1",
          ')',
          'SELECT year, close, round(close / lag(close) OVER (ORDER BY year) - 1, 4) AS return',
          'FROM yearly ORDER BY year',
        ].join('\n'),
      },
      { id: 'spy-closes', kind: 'sql', sql: "SELECT ts, close\nFROM bars\nWHERE symbol = 'SPY' AND timeframe = '1Day'\nORDER BY ts" },
      { id: 'spy-chart', kind: 'chart', sourceCellId: 'spy-closes', mark: 'line', x: 'ts', y: 'close' },
      { id: 'sma-50-200', kind: 'backtest', config: { ...spy, strategy: 'sma-cross', params: { fast: '50', slow: '200' }, tags: ['starter'] } },
      { id: 'buy-and-hold', kind: 'backtest', config: { ...spy, strategy: 'buy-and-hold', tags: ['starter'] } },
      { id: 'compare', kind: 'compare', runIds: [] },
    ],
  };
}
