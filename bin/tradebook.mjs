#!/usr/bin/env node
// The tradebook CLI. Runs a bundle of the TypeScript sources (rebuilt whenever a source is newer), or the
// sources themselves through tsx's loader when esbuild is unavailable.
import { freshBundle } from './build-cli.mjs';

const bundle = await freshBundle();
let main;
if (bundle !== null) ({ main } = await import(bundle));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../server/cli/main.ts'));
}
await main(process.argv.slice(2));
