import { render } from 'solid-js/web';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DataTable, type ColumnDef } from './data-table.tsx';

interface Row {
  readonly id: string;
  readonly sharpe: number | null;
}

const rows: Row[] = [
  { id: 'a', sharpe: 0.5 },
  { id: 'b', sharpe: null },
  { id: 'c', sharpe: 1.2 },
];
const columns: ColumnDef<Row>[] = [
  { key: 'id', label: 'Run', value: (r) => r.id, cell: (r) => r.id },
  { key: 'sharpe', label: 'Sharpe', align: 'right', value: (r) => r.sharpe, cell: (r) => String(r.sharpe ?? '—') },
];

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

function mount(onRowClick?: (r: Row) => void, maxRows?: number) {
  const host = document.body.appendChild(document.createElement('div'));
  const dispose = render(() => <DataTable rows={rows} columns={columns} rowKey={(r) => r.id} label="Runs" onRowClick={onRowClick} maxRows={maxRows} />, host);
  cleanup = () => {
    dispose();
    host.remove();
  };
  return host;
}
const ids = (host: HTMLElement) => Array.from(host.querySelectorAll('tbody tr')).map((tr) => tr.querySelector('td')!.textContent);

describe('DataTable', () => {
  test('a header click sorts descending (nulls last), a second click ascending', () => {
    const host = mount();
    expect(ids(host)).toEqual(['a', 'b', 'c']);
    const sharpe = Array.from(host.querySelectorAll('th')).find((th) => th.textContent?.startsWith('Sharpe'))!;
    sharpe.click();
    expect(ids(host)).toEqual(['c', 'a', 'b']);
    expect(sharpe.getAttribute('aria-sort')).toBe('descending');
    sharpe.click();
    expect(ids(host)).toEqual(['a', 'c', 'b']);
    expect(sharpe.getAttribute('aria-sort')).toBe('ascending');
  });

  test('rows are clickable and keyboard-reachable when asked', () => {
    const onRow = vi.fn();
    const host = mount(onRow);
    const tr = host.querySelectorAll('tbody tr')[2] as HTMLElement;
    expect(tr.tabIndex).toBe(0);
    tr.click();
    expect(onRow).toHaveBeenCalledWith(rows[2]);
  });

  test('maxRows caps the rows and says so', () => {
    const host = mount(undefined, 2);
    expect(host.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(host.textContent).toContain('Showing 2 of 3 rows.');
  });
});
