#!/usr/bin/env node
// The tradebook CLI. Runs a bundle of the TypeScript sources (rebuilt whenever a source is newer), or the
// sources themselves through tsx's loader when esbuild is unavailable.
import './runtime-flags.mjs';
import { loadMain } from './build-cli.mjs';

const main = await loadMain();
await main(process.argv.slice(2));
