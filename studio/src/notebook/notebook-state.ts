/** The notebook document and its edit operations: pure functions on immutable values, with undo/redo. */

export const CELL_KINDS = ['markdown', 'sql', 'chart', 'backtest', 'compare'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/** A cell, exactly as the notebook store keeps it (data/store/notebook-cells.ts): one shape per kind. */
export type Cell =
  | { readonly id: string; readonly kind: 'markdown'; readonly source: string }
  | { readonly id: string; readonly kind: 'sql'; readonly sql: string }
  | { readonly id: string; readonly kind: 'chart'; readonly sourceCellId: string; readonly mark: ChartMark; readonly x: string; readonly y: string; readonly color?: string }
  | { readonly id: string; readonly kind: 'backtest'; readonly config: Record<string, unknown> }
  | { readonly id: string; readonly kind: 'compare'; readonly runIds: readonly string[] };

export type ChartMark = 'line' | 'area' | 'bar' | 'dot';
export type CellOf<K extends CellKind> = Extract<Cell, { kind: K }>;

export interface NotebookDoc {
  readonly id: string;
  readonly title: string;
  /** Server version this document was loaded at (optimistic concurrency on save). */
  readonly version: number;
  readonly cells: readonly Cell[];
}

/** An edit. Every op is pure: applyOp(doc, op) returns a new doc, or the same doc when the op changes nothing. */
export type NotebookOp =
  | { readonly type: 'add'; readonly cell: Cell; readonly index: number }
  | { readonly type: 'delete'; readonly id: string }
  | { readonly type: 'move'; readonly id: string; readonly delta: number }
  /** Replaces a cell's content; its id and kind stay. */
  | { readonly type: 'update'; readonly cell: Cell }
  | { readonly type: 'rename'; readonly title: string };

/** The backtest a new backtest cell starts with. */
export const DEFAULT_BACKTEST: Record<string, unknown> = { symbols: ['SPY'], timeframe: '1Day', strategy: 'sma-cross', params: { fast: '50', slow: '200' }, cash: 100_000, fill: 'next-open' };

/** A fresh cell of a kind with starting content; a chart plots the nearest result cell above `index` in `doc`. */
export function newCell(kind: CellKind, id: string, context?: { doc: NotebookDoc; index: number }): Cell {
  switch (kind) {
    case 'markdown':
      return { id, kind, source: '## Notes\n\nWrite *markdown* here.' };
    case 'sql':
      return { id, kind, sql: "SELECT symbol, timeframe, bar_count\nFROM series\nORDER BY symbol" };
    case 'chart': {
      const source = context ? resultSources(context.doc, context.index)[0] : undefined;
      return { id, kind, sourceCellId: source?.id ?? '', mark: 'line', x: source?.kind === 'backtest' ? 'ts' : '', y: source?.kind === 'backtest' ? 'equity' : '' };
    }
    case 'backtest':
      return { id, kind, config: { ...DEFAULT_BACKTEST } };
    case 'compare':
      return { id, kind, runIds: [] };
  }
}

/** Applies one op. Out-of-range indices are clamped; unknown ids leave the doc unchanged. */
export function applyOp(doc: NotebookDoc, op: NotebookOp): NotebookDoc {
  switch (op.type) {
    case 'add': {
      if (doc.cells.some((c) => c.id === op.cell.id)) throw new Error(`a cell with id ${op.cell.id} already exists`);
      const i = Math.max(0, Math.min(doc.cells.length, op.index));
      return { ...doc, cells: [...doc.cells.slice(0, i), op.cell, ...doc.cells.slice(i)] };
    }
    case 'delete': {
      const cells = doc.cells.filter((c) => c.id !== op.id);
      return cells.length === doc.cells.length ? doc : { ...doc, cells };
    }
    case 'move': {
      const from = doc.cells.findIndex((c) => c.id === op.id);
      if (from < 0) return doc;
      const to = Math.max(0, Math.min(doc.cells.length - 1, from + op.delta));
      if (to === from) return doc;
      const cells = doc.cells.slice();
      const [cell] = cells.splice(from, 1);
      cells.splice(to, 0, cell);
      return { ...doc, cells };
    }
    case 'update': {
      const i = doc.cells.findIndex((c) => c.id === op.cell.id);
      if (i < 0) return doc;
      const old = doc.cells[i];
      if (old.kind !== op.cell.kind) throw new Error(`cell ${old.id} is a ${old.kind} cell, not ${op.cell.kind}`);
      if (JSON.stringify(old) === JSON.stringify(op.cell)) return doc;
      const cells = doc.cells.slice();
      cells[i] = op.cell;
      return { ...doc, cells };
    }
    case 'rename':
      return op.title === doc.title ? doc : { ...doc, title: op.title };
  }
}

/** A document with its undo and redo stacks. */
export interface History {
  readonly past: readonly NotebookDoc[];
  readonly present: NotebookDoc;
  readonly future: readonly NotebookDoc[];
}

/** Undo depth kept. */
export const HISTORY_LIMIT = 100;

export function createHistory(doc: NotebookDoc): History {
  return { past: [], present: doc, future: [] };
}

/**
 * Applies an op, recording the previous doc for undo (and clearing redo). Consecutive source edits
 * of the same cell (`coalesce`) replace the last undo step instead of adding one per keystroke.
 */
export function commit(h: History, op: NotebookOp, options: { coalesce?: boolean } = {}): History {
  const next = applyOp(h.present, op);
  if (next === h.present) return h;
  if (options.coalesce && h.past.length > 0 && op.type === 'update' && sameCellEdit(h.past[h.past.length - 1], h.present, op.cell.id)) {
    return { past: h.past, present: next, future: [] };
  }
  return { past: [...h.past, h.present].slice(-HISTORY_LIMIT), present: next, future: [] };
}

export function undo(h: History): History {
  if (h.past.length === 0) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future] };
}

export function redo(h: History): History {
  if (h.future.length === 0) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1) };
}

/** True when `before` → `after` changed only the content of cell `id` (same cell list otherwise). */
function sameCellEdit(before: NotebookDoc, after: NotebookDoc, id: string): boolean {
  if (before.cells.length !== after.cells.length || before.title !== after.title) return false;
  return before.cells.every((c, i) => (c.id === id ? after.cells[i].id === id : c === after.cells[i]));
}

/** Cells above position `index` whose results a chart can plot (SQL and backtest cells), nearest first. */
export function resultSources(doc: NotebookDoc, index: number): Cell[] {
  return doc.cells.slice(0, Math.max(0, index)).filter((c) => c.kind === 'sql' || c.kind === 'backtest').reverse();
}

/** Result cells above the cell `id`, nearest first. */
export function chartSources(doc: NotebookDoc, id: string): Cell[] {
  return resultSources(doc, doc.cells.findIndex((c) => c.id === id));
}

/** A new cell id not used in the doc: `${kind}-${n}`. */
export function freshId(doc: NotebookDoc, kind: CellKind): string {
  const used = new Set(doc.cells.map((c) => c.id));
  for (let n = 1; ; n++) if (!used.has(`${kind}-${n}`)) return `${kind}-${n}`;
}
