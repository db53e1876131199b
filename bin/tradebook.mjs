#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader: no build step between `npm ci` and use.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli/main.ts');
await main(process.argv.slice(2));
