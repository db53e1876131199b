// Performance statistics from an equity curve and a trade list. Pure functions, no clock.
export { computeMetrics, metricsFromStats, METRIC_KEYS, type Metrics, type MetricsInput, type RunTotals } from './compute-metrics.ts';
export { EquityStats } from './equity-stats.ts';
export { barReturns, perBarRiskFree } from './returns.ts';
export { volatility, sharpeRatio, sortinoRatio, rollingSharpe } from './ratios.ts';
export { drawdownSeries, maxDrawdown, maxDrawdownDays } from './drawdown.ts';
export { cagr, calendarDays } from './growth.ts';
export { tradeStats, type TradeStats } from './trades.ts';
