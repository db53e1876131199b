import { describe, expect, test } from 'vitest';
import { applyOp, chartSources, commit, createHistory, freshId, newCell, redo, undo, type Cell, type NotebookDoc } from './notebook-state.ts';

const doc = (ids: string[]): NotebookDoc => ({ id: 'nb', title: 'T', version: 1, cells: ids.map((id) => newCell('markdown', id)) });
const ids = (d: NotebookDoc) => d.cells.map((c) => c.id);

describe('notebook ops', () => {
  test.each([
    [0, ['x', 'a', 'b']],
    [1, ['a', 'x', 'b']],
    [2, ['a', 'b', 'x']],
    [99, ['a', 'b', 'x']],
    [-5, ['x', 'a', 'b']],
  ])('add at %d', (index, expected) => {
    expect(ids(applyOp(doc(['a', 'b']), { type: 'add', cell: newCell('sql', 'x'), index }))).toEqual(expected);
  });

  test('add refuses a duplicate id', () => {
    expect(() => applyOp(doc(['a']), { type: 'add', cell: newCell('sql', 'a'), index: 0 })).toThrow('already exists');
  });

  test.each([
    ['b', -1, ['b', 'a', 'c']],
    ['b', 1, ['a', 'c', 'b']],
    ['a', -1, ['a', 'b', 'c']],
    ['c', 5, ['a', 'b', 'c']],
    ['a', 2, ['b', 'c', 'a']],
  ])('move %s by %d', (id, delta, expected) => {
    expect(ids(applyOp(doc(['a', 'b', 'c']), { type: 'move', id, delta }))).toEqual(expected);
  });

  test('a move that changes nothing returns the same doc', () => {
    const d = doc(['a', 'b']);
    expect(applyOp(d, { type: 'move', id: 'a', delta: -1 })).toBe(d);
    expect(applyOp(d, { type: 'delete', id: 'zz' })).toBe(d);
  });

  test('delete and update', () => {
    const d = applyOp(doc(['a', 'b']), { type: 'delete', id: 'a' });
    expect(ids(d)).toEqual(['b']);
    const u = applyOp(d, { type: 'update', cell: { id: 'b', kind: 'markdown', source: 'hello' } });
    expect(u.cells[0]).toEqual({ id: 'b', kind: 'markdown', source: 'hello' });
    expect(d.cells[0]).not.toEqual(u.cells[0]);
    expect(() => applyOp(d, { type: 'update', cell: { id: 'b', kind: 'sql', sql: 'x' } })).toThrow('is a markdown cell, not sql');
  });

  test('ops never mutate their input', () => {
    const d = Object.freeze({ ...doc(['a', 'b']), cells: Object.freeze(doc(['a', 'b']).cells.map((c) => Object.freeze(c))) });
    expect(() => applyOp(d, { type: 'move', id: 'a', delta: 1 })).not.toThrow();
    expect(ids(d)).toEqual(['a', 'b']);
  });

  test('a new chart plots the nearest result cell above it', () => {
    const d: NotebookDoc = { id: 'n', title: '', version: 0, cells: [newCell('sql', 's1'), newCell('backtest', 'b1'), newCell('markdown', 'm')] };
    expect(newCell('chart', 'c', { doc: d, index: 3 })).toMatchObject({ sourceCellId: 'b1', x: 'ts', y: 'equity' });
    expect(newCell('chart', 'c', { doc: d, index: 1 })).toMatchObject({ sourceCellId: 's1', x: '', y: '' });
    expect(freshId(d, 'sql')).toBe('sql-1');
    expect(freshId({ ...d, cells: [newCell('sql', 'sql-1')] }, 'sql')).toBe('sql-2');
  });

  test('chart sources are the SQL and backtest cells above, nearest first', () => {
    const d: NotebookDoc = { id: 'n', title: '', version: 0, cells: [newCell('sql', 's1'), newCell('markdown', 'm'), newCell('backtest', 'b'), newCell('chart', 'c'), newCell('sql', 's3')] };
    expect(chartSources(d, 'c').map((c) => c.id)).toEqual(['b', 's1']);
  });
});

describe('undo and redo', () => {
  test('every op can be undone and redone', () => {
    let h = createHistory(doc(['a', 'b']));
    h = commit(h, { type: 'add', cell: newCell('sql', 'c'), index: 2 });
    h = commit(h, { type: 'move', id: 'c', delta: -2 });
    h = commit(h, { type: 'delete', id: 'a' });
    expect(ids(h.present)).toEqual(['c', 'b']);
    h = undo(h);
    expect(ids(h.present)).toEqual(['c', 'a', 'b']);
    h = undo(h);
    expect(ids(h.present)).toEqual(['a', 'b', 'c']);
    h = undo(h);
    expect(ids(h.present)).toEqual(['a', 'b']);
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(ids(h.present)).toEqual(['c', 'a', 'b']);
  });

  test('a new edit clears redo', () => {
    let h = commit(createHistory(doc(['a'])), { type: 'delete', id: 'a' });
    h = undo(h);
    h = commit(h, { type: 'rename', title: 'New' });
    expect(h.future).toHaveLength(0);
    expect(redo(h)).toBe(h);
  });

  test('typing in one cell coalesces into one undo step', () => {
    let h = createHistory(doc(['a', 'b']));
    const md = (id: string, source: string): Cell => ({ id, kind: 'markdown', source });
    h = commit(h, { type: 'update', cell: md('a', 'S') }, { coalesce: true });
    h = commit(h, { type: 'update', cell: md('a', 'SE') }, { coalesce: true });
    h = commit(h, { type: 'update', cell: md('a', 'SEL') }, { coalesce: true });
    expect(h.past).toHaveLength(1);
    expect(undo(h).present.cells[0]).toEqual(doc(['a']).cells[0]);
    // Editing another cell starts a new step.
    h = commit(h, { type: 'update', cell: md('b', 'x') }, { coalesce: true });
    expect(h.past).toHaveLength(2);
  });

  test('a no-op commit records nothing', () => {
    const h = createHistory(doc(['a']));
    expect(commit(h, { type: 'rename', title: 'T' })).toBe(h);
  });
});
