import { createServer } from 'node:net';
import type { Command } from 'commander';
import { UsageError, withStore } from '../context.ts';

/** `tradebook serve`: the HTTP API (and the built studio) until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API (and the built studio from studio/dist) until interrupted')
    .option('--port <n>', 'port to listen on', '8080')
    .option('--host <addr>', 'address to bind (anything but loopback needs TRADEBOOK_API_TOKENS)', '127.0.0.1')
    .option('--db <path>', 'DuckDB file (default $TRADEBOOK_DB or ./.tradebook/tradebook.duckdb)')
    .addHelpText(
      'after',
      '\nEnvironment: TRADEBOOK_API_TOKENS="name:role:token,…" or TRADEBOOK_API_TOKENS_FILE=PATH (roles viewer, operator, admin),\n' +
        'TRADEBOOK_CORS_ORIGINS, TRADEBOOK_RATE_LIMIT (requests/minute per token, 0 = off), TRADEBOOK_BACKTEST_CONCURRENCY.\n' +
        '\nExample:\n  TRADEBOOK_API_TOKENS="ci:operator:$(openssl rand -hex 24)" tradebook serve --host 0.0.0.0 --port 8080',
    )
    .action(async (f: { port: string; host: string; db?: string }) => {
      const port = Number(f.port);
      if (!/^\d{1,5}$/.test(f.port) || port > 65_535) throw new UsageError(`--port expects 0..65535, got "${f.port}"`);
      // The HTTP stack (Hono, Arrow) is loaded only here: the other commands start faster without it.
      const { serverSettings, startServer, ServerConfigError } = await import('../../http/server.ts');
      // Settings are checked before the store is opened: a refused start changes nothing.
      let tokens;
      try {
        ({ tokens } = serverSettings({ host: f.host }));
      } catch (err) {
        if (err instanceof ServerConfigError) throw new UsageError(err.message);
        throw err;
      }
      // A port already taken is found before the store is opened, so a refused start creates no database.
      if (port !== 0) await assertPortFree(port, f.host);
      await withStore(f.db, async (store) => {
        const server = await startServer({ store, port, host: f.host, tokens });
        process.stderr.write(`tradebook API on ${server.url} (db ${store.path})${server.deps.tokens.records.length === 0 ? ' — no tokens configured: loopback only, every request is the local admin' : ''}\n`);
        await new Promise<void>((resolveStop) => {
          const stop = (signal: string) => {
            process.stderr.write(`${signal}: stopping (cancelling running backtests)…\n`);
            process.off('SIGINT', onInt);
            process.off('SIGTERM', onTerm);
            void server.close().then(resolveStop, resolveStop);
          };
          const onInt = () => stop('SIGINT');
          const onTerm = () => stop('SIGTERM');
          process.on('SIGINT', onInt);
          process.on('SIGTERM', onTerm);
        });
      });
      process.stderr.write('stopped\n');
    });
}

/** Binds and releases `port` on `host`: an address in use (or not ours to bind) is said before anything else happens. */
async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'is in use by another process' : err.code === 'EACCES' ? 'needs privileges this process lacks' : `cannot be bound (${err.code ?? err.message})`;
      reject(new Error(`port ${port} on ${host} ${why}: choose another with --port`));
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
