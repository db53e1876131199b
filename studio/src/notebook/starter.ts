import type { Cell } from './notebook-state.ts';

/**
 * The notebook a new user gets: the demo data explored in SQL, charted, and backtested. The same cells as the
 * store's starterNotebook() (data/store/notebook-cells.ts); the API has no route that hands it out, so the studio
 * creates it with POST /api/notebooks when the user has no notebook yet.
 */
export function starterNotebook(): { title: string; cells: Cell[] } {
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
