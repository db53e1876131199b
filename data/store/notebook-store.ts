import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import type { Clock } from '../../engine/index.ts';
import { NotebookCellsInputSchema, NotebookTitleSchema, type NotebookCell, type NotebookCellInput } from './notebook-cells.ts';
import { inTransaction, queryRows } from './sql.ts';
import { StoreError } from './store-error.ts';
import { runOnStore, type Store } from './store.ts';

/** A stored notebook. `version` starts at 1 and grows by one on every update. Times are epoch ms. */
export interface Notebook {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly version: number;
  readonly cells: readonly NotebookCell[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A notebook as listed: no cells, only how many. */
export interface NotebookSummary {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly version: number;
  readonly cellCount: number;
  readonly updatedAt: number;
}

/** What create takes. Cells without an id get one from the id generator. */
export interface NewNotebook {
  readonly title: string;
  /** Who the notebook belongs to (the API's token name). */
  readonly owner: string;
  readonly cells?: readonly NotebookCellInput[];
}

/** What update takes: the version the caller last read, and the fields to replace. */
export interface NotebookChange {
  readonly expectedVersion: number;
  readonly title?: string;
  readonly cells?: readonly NotebookCellInput[];
}

/** Notebooks in the store: list, get, create, update with optimistic concurrency, delete. Errors are StoreErrors. */
export interface NotebookStore {
  /** Newest-updated first; only `owner`'s when given. */
  list(filter?: { owner?: string }): Promise<NotebookSummary[]>;
  /** not_found names the id. */
  get(id: string): Promise<Notebook>;
  /** invalid names the bad field path. */
  create(notebook: NewNotebook): Promise<Notebook>;
  /** conflict when the stored version is not `expectedVersion`, naming both; not_found; invalid. */
  update(id: string, change: NotebookChange): Promise<Notebook>;
  /** not_found; conflict when `expectedVersion` is given and differs. */
  delete(id: string, options?: { expectedVersion?: number }): Promise<void>;
}

/** Options of notebookStore. */
export interface NotebookStoreOptions {
  /** Makes notebook and cell ids (default crypto.randomUUID). */
  readonly newId?: () => string;
  /** Stamps createdAt / updatedAt (default Date.now). */
  readonly clock?: Clock;
}

const OwnerSchema = z.string().trim().min(1, 'the owner is empty').max(200);
const VersionSchema = z.number().int().min(1);
const NewNotebookSchema = z.strictObject({ title: NotebookTitleSchema, owner: OwnerSchema, cells: NotebookCellsInputSchema.default([]) });
const ChangeSchema = z.strictObject({ expectedVersion: VersionSchema, title: NotebookTitleSchema.optional(), cells: NotebookCellsInputSchema.optional() });

/** The notebooks of a store opened by openStore (the `notebooks` table of migration 6). */
export function notebookStore(store: Store, options: NotebookStoreOptions = {}): NotebookStore {
  const newId = options.newId ?? randomUUID;
  const clock = options.clock ?? { now: () => Date.now() };
  const withIds = (cells: readonly NotebookCellInput[]): NotebookCell[] => {
    const cellsWithIds = cells.map((cell) => ({ ...cell, id: cell.id ?? newId() }) as NotebookCell);
    const ids = new Set(cellsWithIds.map((c) => c.id));
    if (ids.size !== cellsWithIds.length) throw new StoreError('invalid', 'cells: the id generator gave a duplicate cell id');
    return cellsWithIds;
  };

  return {
    list: (filter = {}) =>
      runOnStore(store, async (c) => {
        const where = filter.owner === undefined ? '' : 'WHERE owner = $owner';
        const rows = await queryRows(
          c,
          `SELECT id, title, owner, version, json_array_length(cells)::INTEGER AS cell_count, updated_at::DOUBLE AS updated_at
           FROM notebooks ${where} ORDER BY updated_at DESC, id`,
          filter.owner === undefined ? undefined : { owner: filter.owner },
        );
        return rows.map((r) => ({
          id: r.id as string,
          title: r.title as string,
          owner: r.owner as string,
          version: r.version as number,
          cellCount: r.cell_count as number,
          updatedAt: r.updated_at as number,
        }));
      }, 'cannot list notebooks'),

    get: (id) => runOnStore(store, (c) => readNotebook(c, id), `cannot read notebook ${id}`),

    create: (notebook) =>
      runOnStore(
        store,
        async (c) => {
          const input = parse(NewNotebookSchema, notebook);
          const now = clock.now();
          const row: Notebook = { id: newId(), title: input.title, owner: input.owner, version: 1, cells: withIds(input.cells), createdAt: now, updatedAt: now };
          await c.run('INSERT INTO notebooks VALUES ($1, $2, $3, 1, $4, $5, $6)', [row.id, row.title, row.owner, JSON.stringify(row.cells), now, now]);
          return row;
        },
        'cannot create the notebook',
        true,
      ),

    update: (id, change) =>
      runOnStore(
        store,
        (c) =>
          inTransaction(c, async () => {
            const input = parse(ChangeSchema, change);
            const current = await readNotebook(c, id);
            if (current.version !== input.expectedVersion) throw versionConflict(id, current.version, input.expectedVersion);
            const next: Notebook = {
              ...current,
              title: input.title ?? current.title,
              cells: input.cells === undefined ? current.cells : withIds(input.cells),
              version: current.version + 1,
              updatedAt: clock.now(),
            };
            const updated = await queryRows(
              c,
              'UPDATE notebooks SET title = $1, cells = $2, version = $3, updated_at = $4 WHERE id = $5 AND version = $6 RETURNING version',
              [next.title, JSON.stringify(next.cells), next.version, next.updatedAt, id, current.version],
            );
            if (updated.length !== 1) throw versionConflict(id, Number.NaN, input.expectedVersion);
            return next;
          }),
        `cannot update notebook ${id}`,
        true,
      ).catch((err) => rethrowConflict(err, id, change?.expectedVersion)),

    delete: (id, options = {}) =>
      runOnStore(
        store,
        (c) =>
          inTransaction(c, async () => {
            const rows = await queryRows(c, 'SELECT version FROM notebooks WHERE id = $1', [id]);
            if (rows.length === 0) throw new StoreError('not_found', `no notebook with id ${id}`);
            const version = rows[0].version as number;
            if (options.expectedVersion !== undefined && version !== options.expectedVersion) throw versionConflict(id, version, options.expectedVersion);
            await c.run('DELETE FROM notebooks WHERE id = $1', [id]);
          }),
        `cannot delete notebook ${id}`,
        true,
      ),
  };
}

async function readNotebook(c: DuckDBConnection, id: string): Promise<Notebook> {
  const rows = await queryRows(
    c,
    'SELECT id, title, owner, version, cells::VARCHAR AS cells, created_at::DOUBLE AS created_at, updated_at::DOUBLE AS updated_at FROM notebooks WHERE id = $1',
    [id],
  );
  if (rows.length === 0) throw new StoreError('not_found', `no notebook with id ${id}`);
  const r = rows[0];
  return {
    id: r.id as string,
    title: r.title as string,
    owner: r.owner as string,
    version: r.version as number,
    cells: JSON.parse(r.cells as string) as NotebookCell[],
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

function versionConflict(id: string, stored: number, expected: number): StoreError {
  const now = Number.isNaN(stored) ? 'was changed meanwhile' : `is at version ${stored}`;
  return new StoreError('conflict', `notebook ${id} ${now}; the change expected version ${expected}: reload it and apply the change again`);
}

// Two concurrent updates of one row: DuckDB aborts the second transaction with a write-write conflict.
// Say it in the same words as a stale version, naming the expected version.
function rethrowConflict(err: unknown, id: string, expected: number | undefined): never {
  if (err instanceof StoreError && err.code === 'conflict' && !err.message.includes('expected version')) {
    throw new StoreError('conflict', `notebook ${id} was changed meanwhile; the change expected version ${expected}: reload it and apply the change again`, { cause: err });
  }
  throw err;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new StoreError('invalid', r.error.issues.map((i) => `${i.path.join('.') || '(notebook)'}: ${i.message}`).join('; '));
}
