// The strategy module's public surface.
export * from './strategy.ts';
export { STRATEGIES, strategyByName } from './registry.ts';
export { buyAndHoldStrategy } from './buy-and-hold.ts';
export { smaCrossStrategy } from './sma-cross.ts';
export { closeVsSmaStrategy } from './close-vs-sma.ts';
export { rsiReversionStrategy } from './rsi-reversion.ts';
export { momentumStrategy } from './momentum.ts';
export { signalsStrategy, type SignalsDefinition, type SignalsStrategy } from './signals.ts';
export { parseSignalCsv, readSignalFile, SIGNAL_FILE_COLUMNS, type SignalFileRow } from './signal-file.ts';
export { WilderRsi } from './wilder-rsi.ts';
export { CloseWindows } from './close-windows.ts';
export { RollingMean } from './rolling-mean.ts';
export { canonicalParams, ParamError, parseParams, intParam, numberParam, boolParam, textParam } from './params.ts';
export { fileReadReason, readStrategyFile } from './file-text.ts';
export * from './llm/index.ts';
