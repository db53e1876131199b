// Runs the tradebook CLI in this process, exactly as bin/tradebook.mjs does, and reports its peak resident
// memory on stderr as JSON.
import { freshBundle } from '../bin/build-cli.mjs';

const bundle = await freshBundle();
let main;
if (bundle !== null) ({ main } = await import(bundle));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../server/cli/main.ts'));
}
await main(process.argv.slice(2));
process.stderr.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
