// Bundles the TypeScript CLI into dist/ with esbuild when any source is newer than the bundle: starting from one
// bundled file takes about a third of the time of transforming every module on each run. The bundle is split at
// dynamic imports, so what only one command needs (the HTTP stack, the model client) loads only for that command.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(root, 'dist');
/** Names the directory of the current bundle: `{"dir": "cli-<hash>"}`. */
export const POINTER = join(DIST, 'cli.json');
const SOURCES = ['engine', 'data', 'server'];
// When a new bundle is written, older ones are removed once past this age, the three newest always kept: a CLI
// still running (a server) may lazily load chunks from its own bundle directory later.
const KEEP_OLD_MS = 24 * 60 * 60 * 1000;
const KEEP_NEWEST = 3;

function newestSource(dir, newest = 0) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(path, newest);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

// Dependencies are bundled too (Node resolves and reads each of a package's files on import: Zod, Arrow and
// trading-signals alone took ~0.15 s of every start as separate modules), @duckdb/node-api's CommonJS files included (imported
// from ESM, Node ran its CommonJS export scanner over each: ~50 ms), except the native binding.
const EXTERNAL = ['@duckdb/node-bindings', 'esbuild', 'tsx'];
// Bundled CommonJS packages (commander, cli-progress, csv-parse) call require() for Node's own modules.
const BANNER = "import { createRequire as __tradebookRequire } from 'node:module'; const require = __tradebookRequire(import.meta.url);";

function currentEntry() {
  try {
    const { dir } = JSON.parse(readFileSync(POINTER, 'utf8'));
    const entry = join(DIST, dir, 'main.mjs');
    return existsSync(entry) ? entry : null;
  } catch {
    return null;
  }
}

/** Path of the entry of an up-to-date bundle, building it first when sources changed; null when it cannot be built. */
export async function freshBundle() {
  const entry = currentEntry();
  const built = entry === null ? 0 : statSync(POINTER).mtimeMs;
  const newest = Math.max(...SOURCES.map((d) => newestSource(join(root, d))), statSync(join(root, 'package-lock.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  if (built > newest) return entry;
  try {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: { main: join(root, 'server/cli/main.ts') },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      external: EXTERNAL,
      banner: { js: BANNER },
      target: 'node20',
      outdir: join(DIST, 'cli-build'),
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      write: false,
      logLevel: 'error',
    });
    // Each bundle gets its own directory named by its content, written whole before the pointer moves to it
    // (write then rename), so CLIs started in parallel (tests) never import a half-written bundle.
    const hash = createHash('sha256');
    for (const f of out.outputFiles) hash.update(relative(join(DIST, 'cli-build'), f.path)).update(f.contents);
    const dir = `cli-${hash.digest('hex').slice(0, 16)}`;
    const target = join(DIST, dir);
    if (!existsSync(join(target, 'main.mjs'))) {
      const tmp = join(DIST, `${dir}.${process.pid}.tmp`);
      mkdirSync(tmp, { recursive: true });
      for (const f of out.outputFiles) writeFileSync(join(tmp, relative(join(DIST, 'cli-build'), f.path)), f.contents);
      try {
        renameSync(tmp, target);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // another CLI wrote the same bundle first
      }
    }
    const pointerTmp = `${POINTER}.${process.pid}.tmp`;
    writeFileSync(pointerTmp, JSON.stringify({ dir }));
    renameSync(pointerTmp, POINTER);
    removeOldBundles(dir);
    return join(target, 'main.mjs');
  } catch {
    return null;
  }
}

function removeOldBundles(keep) {
  const old = readdirSync(DIST, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith('cli-') && !e.name.endsWith('.tmp') && e.name !== keep)
    .map((e) => ({ path: join(DIST, e.name), mtime: statSync(join(DIST, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path, mtime } of old.slice(KEEP_NEWEST - 1)) if (Date.now() - mtime > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
}

/** The CLI's `main`, from the bundle, or from the sources through tsx's loader when esbuild is unavailable. */
export async function loadMain() {
  const bundle = await freshBundle();
  if (bundle !== null) return (await import(pathToFileURL(bundle).href)).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../server/cli/main.ts')).main;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = await freshBundle();
  if (path === null) process.exitCode = 1;
}
