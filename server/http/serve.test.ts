import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildApp, ROUTE_DOCS } from './app.ts';
import { startTestServer, TOKENS } from './test-kit.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('tradebook serve', () => {
  test('starts on the given port, answers with tokens from the environment, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradebook-serve-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin/tradebook.mjs'), 'serve', '--port', '0', '--db', join(dir, 'serve.duckdb')], {
      cwd: dir,
      env: { ...process.env, TRADEBOOK_API_TOKENS: `ci:operator:${TOKENS.operator}` },
    });
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line: ${stderr}`)), 60_000);
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
          const m = /tradebook API on (http:\/\/\S+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolveUrl(m[1]);
          }
        });
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await fetch(`${url}/ready`)).status).toBe(200);
      expect((await fetch(`${url}/api/runs`)).status).toBe(401);
      expect((await fetch(`${url}/api/runs`, { headers: { authorization: `Bearer ${TOKENS.operator}` } })).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/SIGTERM: stopping/);
      expect(stderr).toMatch(/stopped\n$/);
      expect(stderr).not.toContain(TOKENS.operator);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('a port already in use is refused before the database is opened: exit 1 naming the port, no file created', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tradebook-serve-'));
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const port = (busy.address() as AddressInfo).port;
  try {
    const db = join(dir, 'never.duckdb');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/tradebook.mjs'), 'serve', '--port', String(port), '--db', db], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is in use by another process: choose another with --port`);
    expect(existsSync(db)).toBe(false);
  } finally {
    busy.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the built studio on the same origin', () => {
  test('files, SPA fallback for client routes, JSON 404s under /api, nothing outside the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradebook-studio-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>studio</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const t = await startTestServer({ symbols: ['SPY'], studioDir: dir });
    try {
      const index = await t.call('/');
      expect(await index.text()).toContain('<title>studio</title>');
      const js = await t.call('/assets/app.js');
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect(await js.text()).toBe('console.log(1)');
      const route = await t.call('/runs/bt-123');
      expect(route.status).toBe(200);
      expect(await route.text()).toContain('<title>studio</title>');
      const api = await t.call('/api/nothing', { as: 'viewer' });
      expect(api.status).toBe(404);
      expect((await api.json()).error.code).toBe('not_found');
      const escape = await t.call('/assets/..%2f..%2f..%2fetc%2fpasswd');
      expect(await escape.text()).not.toContain('root:');
      expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    } finally {
      await t.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('OpenAPI', () => {
  test('every route is documented with the schema that validates it', async () => {
    const t = await startTestServer({ symbols: ['SPY'] });
    try {
      const doc = await (await t.call('/api/openapi.json')).json();
      expect(doc.openapi).toBe('3.1.0');
      const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
      expect(documented.length).toBe(ROUTE_DOCS.length);
      // Every route the app answers (but the catch-alls) is in the document, and nothing else.
      const served = new Set(
        buildApp(t.server.deps)
          .routes.filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'))
          .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
      );
      expect(new Set(documented)).toEqual(served);
      const backtest = doc.paths['/api/backtests'].post.requestBody.content['application/json'].schema;
      expect(backtest.required).toEqual(['symbols', 'strategy']);
      expect(backtest.additionalProperties).toBe(false);
      const logs = doc.paths['/api/logs'].get.parameters.map((p: { name: string }) => p.name);
      expect(logs).toEqual(['run', 'kind', 'actor', 'symbol', 'orderId', 'from', 'to', 'q', 'order', 'limit', 'cursor', 'format']);
      expect(doc.paths['/health'].get.security).toEqual([]);
      const page = await (await t.call('/api/docs')).text();
      expect(page).toContain('/api/logs/trace/{orderId}');
    } finally {
      await t.stop();
    }
  });
});
