// The data store's public surface.
export { openStore, type Store, type StoreOptions } from './store.ts';
export { StoreError, type StoreErrorCode } from './store-error.ts';
export { checkStorePath, isDuckDbFile } from './store-path.ts';
export { SCHEMA_VERSION } from './migrations.ts';
export type { ImportBarsOptions, ImportReport, FileImportReport, ReplacedBar, Ohlcv } from './import-report.ts';
export { REPLACED_DETAIL_LIMIT } from './import-report.ts';
export type { SeriesSummary } from './series.ts';
export type { FeedQuery } from './feed-query.ts';
export type { StoreFeed } from './store-feed.ts';
export { DuckJournal } from './duck-journal.ts';
export type { JournalFilter, JournalVerdict } from './journal-query.ts';
export { checkRunsAgainstJournal, type RunJournalCheck, type RunJournalMismatch } from './run-journal-check.ts';
export type { RunRecord, RunStatus, RunSummary, StoredRun, RunFilter, EquitySeries } from './run-record.ts';
export type { RunWriter } from './run-writer.ts';
export type { JournalSearch, JournalPage } from './journal-search.ts';
export type { RunSearch, RunPage, TaggedRunSummary } from './run-query.ts';
export type { BarsQuery, BarColumns } from './bar-query.ts';
export { streamRunEquity, type EquityStreamStart } from './run-equity-stream.ts';
export { decisionCache, readSymbolNames, writeSymbolNames, type DecisionCache, type CachedDecision, type StoredPrompt } from './decision-cache.ts';
export { notebookStore, type NotebookStore, type NotebookStoreOptions, type Notebook, type NotebookSummary, type NewNotebook, type NotebookChange } from './notebook-store.ts';
export {
  NotebookCellSchema, NotebookCellInputSchema, NotebookCellsInputSchema, NotebookTitleSchema, CellIdSchema, MAX_CELLS, starterNotebook,
  type NotebookCell, type NotebookCellInput,
} from './notebook-cells.ts';
