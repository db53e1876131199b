// End to end: the built studio in Debian's Chromium against `tradebook serve` over a database made from
// ../shared/data. Screenshots of every page go to test-output/screenshots/.
import type { Page } from 'playwright-core';
import type {} from '../src/state/perf.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIG_POINTS, BIG_RUN_ID, ROOT, shot, startHarness, type Harness } from './harness.ts';

let h: Harness;
let page: Page;
/** The starter notebook's path (/notebook/ID), once opened. */
let starterPath = '';
const consoleErrors: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
});

afterAll(async () => {
  await h?.stop();
});

/** Types into the CodeMirror editor of a cell, replacing its text. */
async function setSql(cellSelector: string, text: string) {
  const editor = page.locator(`${cellSelector} .cm-content`);
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

describe('studio in Chromium', () => {
  test('sign-in: a wrong token is refused with the server message, the right one opens the starter notebook', async () => {
    await page.goto(`${h.url}/runs`);
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('token').waitFor();
    await shot(page, '01-sign-in');
    await page.getByTestId('token').fill('not-the-token-at-all-xxxxxxxx');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/token|unauthori[sz]ed|sign/i);
    await shot(page, '01b-sign-in-refused');
    await page.getByTestId('token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back to where the user was going.
    await page.waitForURL(/\/runs$/);
    // The token is nowhere the page can read it back.
    const stored = await page.evaluate(() => JSON.stringify({ ls: { ...localStorage }, ss: { ...sessionStorage }, cookie: document.cookie, url: location.href }));
    expect(stored).not.toContain(h.token);
  });

  test('notebook: the starter notebook runs top to bottom (SQL tables, chart, two backtests with metrics)', async () => {
    await page.goto(`${h.url}/notebook`);
    await page.waitForURL(/\/notebook\/[\w-]+$/);
    starterPath = new URL(page.url()).pathname;
    await page.getByTestId('cell-sql').first().waitFor();
    expect(await page.getByTestId('cell-sql').count()).toBe(3);
    await page.getByTestId('run-all').click();
    // Both backtest cells end with metrics; the SQL cells have tables; the chart has drawn a line.
    await page.locator('[data-cell-id="buy-and-hold"] [data-testid="bt-result"]').waitFor({ timeout: 90_000 });
    await page.locator('[data-cell-id="sma-50-200"] [data-testid="bt-result"]').waitFor();
    expect(await page.locator('[data-cell-id="series"] [data-testid="result-table"] tbody tr').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('[data-cell-id="spy-yearly"] [data-testid="result-count"]').textContent()).toMatch(/2\d rows/);
    expect(await page.locator('[data-cell-id="spy-chart"] svg [aria-label="line"] path').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-cell-id="spy-chart"] select[aria-label="x column"]').inputValue()).toBe('ts');
    expect(await page.locator('[data-cell-id="spy-chart"] select[aria-label="y column"]').inputValue()).toBe('close');
    const metrics = await page.locator('[data-cell-id="sma-50-200"] [data-testid="metrics"]').textContent();
    expect(metrics).toMatch(/Total return/);
    expect(metrics).toMatch(/Sharpe/);
    expect(await page.locator('[data-testid="cell-error"]').count()).toBe(0);
    // The compare cell offers this notebook's two backtests.
    await page.getByTestId('compare-notebook-runs').click();
    await page.locator('[data-cell-id="compare"] [data-testid="metrics-compare"]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await shot(page, '02-notebook-starter-run');
    await page.locator('[data-cell-id="spy-chart"]').scrollIntoViewIfNeeded();
    await shot(page, '02b-notebook-chart');
  });

  test('notebook: a new backtest cell runs with a progress bar and shows its metrics and equity curve; save keeps it', async () => {
    await page.locator('[data-cell-id="compare"]').click();
    await page.locator('[data-cell-id="compare"] + .add-bar [data-testid="add-backtest"]').click();
    const cell = page.locator('[data-cell-id="backtest-1"]');
    await cell.waitFor();
    // The params field's placeholder and help follow the strategy, not sma-cross's.
    expect(await cell.getByTestId('bt-params').getAttribute('placeholder')).toBe('fast=10, slow=30, short=false');
    await cell.getByTestId('bt-strategy').selectOption('rsi-reversion');
    expect(await cell.getByTestId('bt-params').getAttribute('placeholder')).toBe('period=14, lower=30, upper=70');
    expect(await cell.getByTestId('bt-params-help').textContent()).toBe('(period, lower, upper)');
    expect(await cell.getByTestId('bt-params').getAttribute('title')).toContain('lower: buy below this RSI (default 30)');
    await cell.getByTestId('bt-strategy').selectOption('buy-and-hold');
    expect(await cell.getByTestId('bt-params').getAttribute('placeholder')).toBe('weight=1');
    expect(await cell.getByTestId('bt-params').inputValue()).toBe('');
    await cell.getByTestId('bt-strategy').selectOption('rsi-reversion');
    await cell.getByTestId('bt-symbols').fill('SPY, QQQ');
    await cell.getByTestId('bt-symbols').press('Tab');
    await cell.getByTestId('run-cell').click();
    await cell.getByTestId('bt-progress').waitFor();
    await cell.getByTestId('bt-result').waitFor({ timeout: 90_000 });
    const text = await cell.getByTestId('bt-result').textContent();
    expect(text).toMatch(/Max drawdown/);
    expect(await cell.locator('.equity-chart svg').count()).toBe(1);
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save').textContent()).toBe('Saved');
    // The job's event stream authenticates with the session cookie alone (EventSource sends no headers).
    const streamed = await page.evaluate(async () => {
      const jobs = (await (await fetch('/api/backtests')).json()) as { jobs: { jobId: string }[] };
      return new Promise<string>((resolve, reject) => {
        const es = new EventSource(`/api/backtests/${jobs.jobs[0].jobId}/events`);
        es.addEventListener('state', (e) => {
          es.close();
          resolve((JSON.parse((e as MessageEvent).data as string) as { state: string }).state);
        });
        es.onerror = () => {
          es.close();
          reject(new Error('event stream failed'));
        };
      });
    });
    expect(streamed).toBe('completed');
    // The cell from its top, below the sticky bars.
    await cell.evaluate((el) => {
      el.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -110);
    });
    await shot(page, '03-backtest-cell');
  });

  test('notebook: a forbidden SQL cell shows the sandbox refusal', async () => {
    await page.locator('[data-cell-id="backtest-1"]').click();
    await page.locator('[data-cell-id="backtest-1"] + .add-bar [data-testid="add-sql"]').click();
    const sel = '[data-cell-id="sql-1"]';
    await page.locator(sel).waitFor();
    await setSql(sel, "SELECT * FROM read_csv('/etc/passwd')");
    await page.keyboard.press('Shift+Enter');
    const err = page.locator(`${sel} [data-testid="cell-error"]`);
    await err.waitFor({ timeout: 30_000 });
    expect(await err.textContent()).toMatch(/read_csv/);
    await page.locator(sel).scrollIntoViewIfNeeded();
    await page.locator(sel).screenshot({ path: 'test-output/screenshots/04-forbidden-sql.png' });
  });

  test('notebook: move, delete and undo a cell', async () => {
    const order = () => page.locator('[data-cell-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell-id')));
    const before = await order();
    const at = before.indexOf('sql-1');
    await page.locator('[data-cell-id="sql-1"] [aria-label="Move cell up"]').click();
    expect((await order()).indexOf('sql-1')).toBe(at - 1);
    await page.locator('[data-cell-id="sql-1"] [aria-label="Delete cell"]').click();
    expect(await order()).not.toContain('sql-1');
    await page.getByTitle('Undo (Ctrl+Z)').click();
    expect((await order()).indexOf('sql-1')).toBe(at - 1);
    await page.getByTitle('Undo (Ctrl+Z)').click();
    expect(await order()).toEqual(before);
    // The cell kept its text through the round trip.
    expect(await page.locator('[data-cell-id="sql-1"] .cm-content').textContent()).toContain('read_csv');
  });

  test('notebook: the switcher creates a new notebook and goes back to the starter', async () => {
    const starterUrl = page.url();
    // The open notebook has an unsaved cell (sql-1): the switch asks first.
    page.once('dialog', (d) => void d.accept());
    await page.getByLabel('Open another notebook').selectOption('__new__');
    await expect.poll(() => page.url()).not.toBe(starterUrl);
    await expect.poll(() => page.getByLabel('Notebook title').inputValue()).toBe('Untitled notebook');
    expect(await page.locator('[data-cell-id]').count()).toBe(1);
    await page.getByLabel('Open another notebook').selectOption({ label: 'Getting started · v2' });
    await page.waitForURL(starterUrl);
    expect(await page.locator('[data-cell-id="backtest-1"]').count()).toBe(1);
  });

  test('runs: sortable table; two selected runs open the comparison', async () => {
    await page.goto(`${h.url}/runs`);
    await page.getByTestId('runs-table').waitFor();
    expect(await page.locator('[data-testid="runs-table"] tbody tr').count()).toBeGreaterThanOrEqual(6);
    // The timeframe column tells the 1Min run from the 1Day ones, and sorts by bar length (1Min first ascending).
    const timeframes = await page.getByTestId('run-timeframe').allTextContents();
    expect(timeframes).toContain('1Min');
    expect(timeframes).toContain('1Day');
    const timeframeHeader = page.getByRole('columnheader', { name: /Timeframe/ });
    await timeframeHeader.click();
    await timeframeHeader.click();
    expect(await page.getByTestId('run-timeframe').first().textContent()).toBe('1Min');
    await page.getByRole('columnheader', { name: 'Sharpe' }).click();
    await shot(page, '05-runs');
    const boxes = page.getByTestId('run-select');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId('compare-selected').click();
    await page.waitForURL(/\/compare\?ids=/);
    await page.getByTestId('metrics-compare').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="metrics-compare"] td.best').count()).toBeGreaterThan(3);
    expect(await page.locator('[aria-label="Equity curves normalised"] svg [aria-label="line"] path').count()).toBe(2);
    await page.getByTestId('config-diff').waitFor();
    await page.waitForTimeout(300);
    await shot(page, '06-compare');
    await page.getByTestId('metrics-compare').scrollIntoViewIfNeeded();
    await shot(page, '06b-compare-metrics');
  });

  test('compare and run detail with an unknown run id show the API message and a way back, not a spinner', async () => {
    await page.goto(`${h.url}/runs`);
    await page.getByTestId('runs-table').waitFor();
    const real = (await page.getByRole('link', { name: /^bt-/ }).filter({ hasNotText: BIG_RUN_ID }).first().textContent())!;
    await page.goto(`${h.url}/compare?ids=bt-doesnotexist,${real}`);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toMatch(/Cannot compare these runs.*bt-doesnotexist/);
    expect(await page.getByText('Loading comparison').count()).toBe(0);
    await shot(page, '06c-compare-unknown-run');
    await page.getByTestId('back-to-runs').click();
    await page.waitForURL(/\/runs$/);
    await page.getByTestId('runs-table').waitFor();
    await page.goto(`${h.url}/runs/bt-doesnotexist`);
    await page.getByRole('alert').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('alert').textContent()).toMatch(/Cannot load the run.*bt-doesnotexist/);
    expect(await page.getByTestId('back-to-runs').getAttribute('href')).toBe('/runs');
  });

  test('run detail: equity, drawdown, prices with trades, trades and decisions', async () => {
    await page.goto(`${h.url}/runs`);
    await page.getByTestId('runs-table').waitFor();
    await page.getByRole('link', { name: /^bt-/ }).filter({ hasNotText: BIG_RUN_ID }).first().click();
    await page.waitForURL(/\/runs\/bt-/);
    await page.locator('.equity-chart svg').waitFor({ timeout: 30_000 });
    await page.locator('[aria-label$="price with trades"] svg').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('trades-table').waitFor();
    await shot(page, '07-run-detail');
    await page.getByRole('tab', { name: /decisions/ }).click();
    await page.getByTestId('decisions-table').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="decisions-table"] .badge').first().textContent()).toMatch(/approved|rejected|invalid/);
    await page.getByRole('tab', { name: /decisions/ }).scrollIntoViewIfNeeded();
    await shot(page, '07b-run-decisions');
    await page.getByRole('tab', { name: /journal/ }).click();
    await page.getByTestId('journal-table').waitFor({ timeout: 30_000 });
  });

  test('journal: the chain verifies, and an order traces from run start to fill', async () => {
    await page.goto(`${h.url}/journal`);
    await page.getByTestId('journal-table').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('chain-badge').textContent(), { timeout: 30_000 }).toMatch(/chain verified/);
    // Every stored run, the harness's synthetic one included, matches its run.end entry.
    expect(await page.getByTestId('runs-check').textContent()).toMatch(/✓ \d+ stored run\(s\) match the journal/);
    expect(await page.getByTestId('run-mismatches').count()).toBe(0);
    await shot(page, '08a-journal-chain-clean');
    // api.request entries say what happened: the request and its answer, or the event (a backtest started by whom).
    await page.getByLabel('Kind').selectOption('api.request');
    await page.getByTestId('journal-table').locator('tbody tr').first().waitFor();
    const requests = await page.locator('[data-testid="journal-table"] .summary').allTextContents();
    expect(requests.some((t) => /^backtest started · job \S+/.test(t))).toBe(true);
    expect(requests.some((t) => /^POST \/api\/backtests → 202/.test(t))).toBe(true);
    expect(requests.filter((t) => t.includes('→ ?'))).toEqual([]);
    await shot(page, '08b-journal-api-requests');
    await page.getByLabel('Kind').selectOption('');
    await page.getByTestId('journal-search').fill('fill');
    await page.getByTestId('journal-search').press('Enter');
    await page.getByTestId('trace-order').first().waitFor();
    await page.getByTestId('trace-order').first().click();
    const trace = page.getByTestId('trace');
    await trace.locator('.timeline li').first().waitFor({ timeout: 30_000 });
    const steps = await trace.locator('.step-head strong').allTextContents();
    expect(steps[0]).toMatch(/Run start/);
    expect(steps.some((s) => /Risk verdict/.test(s))).toBe(true);
    expect(steps.some((s) => /^Fill/.test(s))).toBe(true);
    await shot(page, '08-journal-trace');
  });

  test(`a ${BIG_POINTS.toLocaleString('en-US')}-point equity curve renders in under 1 s after download`, async () => {
    await page.goto(`${h.url}/runs/${BIG_RUN_ID}`);
    await page.locator('.equity-chart svg').waitFor({ timeout: 60_000 });
    const perf = (await page.waitForFunction(() => window.__tradebookPerf?.equity, null, { timeout: 60_000 }).then((x) => x.jsonValue()))!;
    console.log(`equity render: ${perf.points} points, ${(perf.bytes / 1e6).toFixed(1)} MB Arrow, download ${perf.downloadMs.toFixed(0)} ms, decode ${perf.decodeMs.toFixed(0)} ms, download→chart ${perf.afterDownloadMs.toFixed(0)} ms`);
    writeFileSync(join(ROOT, 'test-output', 'studio-render.json'), `${JSON.stringify(perf, null, 2)}\n`);
    expect(perf.points).toBe(BIG_POINTS);
    expect(perf.afterDownloadMs).toBeLessThan(1000);
    await shot(page, '09-million-points');
  });

  test('dark theme and the shortcut help overlay', async () => {
    await page.goto(`${h.url}/compare`);
    await page.locator('.pick-list').waitFor();
    await page.keyboard.press('t');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.keyboard.press('g');
    await page.keyboard.press('n');
    // g n opens the most recently updated notebook (the empty one made by the switcher test); go to the starter.
    await page.waitForURL(/\/notebook\/[\w-]+$/);
    await page.goto(`${h.url}${starterPath}`);
    await page.getByTestId('cell-sql').first().waitFor();
    // After a reload the saved notebook comes back from the server, with the backtest cell added earlier.
    expect(await page.locator('[data-cell-id="backtest-1"]').count()).toBe(1);
    await page.getByTestId('run-all').click();
    await page.locator('[data-cell-id="buy-and-hold"] [data-testid="bt-result"]').waitFor({ timeout: 90_000 });
    await page.waitForTimeout(300);
    await shot(page, '10-notebook-dark');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.screenshot({ path: 'test-output/screenshots/11-shortcuts.png' });
    await page.keyboard.press('Escape');
    await page.goto(`${h.url}/journal`);
    await page.getByTestId('journal-table').waitFor();
    await shot(page, '12-journal-dark');
    // A smaller laptop screen.
    await page.setViewportSize({ width: 1024, height: 640 });
    await page.goto(`${h.url}/runs`);
    await page.getByTestId('runs-table').waitFor();
    await shot(page, '13-runs-1024-dark');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('journal: a row edited in the database file shows as a broken chain, naming the entry', async () => {
    await h.restartAfter(`UPDATE journal SET data = replace(data, '"price":', '"price":1') WHERE seq = (SELECT min(seq) FROM journal WHERE kind = 'fill')`);
    // Sessions live in the server's memory: the restart signs the tab out, and it says so.
    await page.goto(`${h.url}/journal`);
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/journal$/);
    await expect.poll(() => page.getByTestId('chain-badge').textContent(), { timeout: 30_000 }).toMatch(/chain broken at entry #\d+/);
    await shot(page, '14-journal-chain-broken');
  });

  test('no uncaught errors in the console', () => {
    // Failed requests the tests provoke on purpose (wrong token, refused SQL, unknown run ids) log as resource errors; nothing else may.
    const unexpected = consoleErrors.filter((e) => !/status of (400|401|404)/.test(e));
    expect(unexpected).toEqual([]);
  });
});
