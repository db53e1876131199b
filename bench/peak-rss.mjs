// Runs the tradebook CLI in this process, exactly as bin/tradebook.mjs does, and reports its peak resident
// memory on stderr as JSON.
import '../bin/runtime-flags.mjs';
import { loadMain } from '../bin/build-cli.mjs';

const main = await loadMain();
await main(process.argv.slice(2));
process.stderr.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
