import { Command, CommanderError } from 'commander';
import { registerBacktest } from './commands/backtest.ts';
import { registerData } from './commands/data.ts';
import { registerDemo } from './commands/demo.ts';
import { registerJournal } from './commands/journal.ts';
import { registerRuns } from './commands/runs.ts';
import { registerServe } from './commands/serve.ts';
import { ConfigError } from '../backtest/backtest-config.ts';
import { UsageError } from './context.ts';

/** The `tradebook` command line. */
export function buildProgram(): Command {
  const program = new Command('tradebook')
    .description('Tradebook: backtest on DuckDB market data through a deterministic risk gate, with a hash-chained audit journal')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerData(program);
  registerBacktest(program);
  registerRuns(program);
  registerJournal(program);
  registerDemo(program);
  registerServe(program);
  for (const c of program.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  return program;
}

/**
 * Commands that only read the store, each opening it with readStore: a missing database is named (never created
 * empty), an old schema is reported (never migrated), and they may run side by side. A backtest answered from the
 * store still writes (its journal), so it is not one of them. The bad-input tests run each one on a missing database.
 */
export const READ_ONLY_COMMANDS: ReadonlySet<string> = new Set(['data list', 'runs list', 'runs show', 'runs compare', 'journal verify', 'journal show', 'journal trace']);

/** Runs the CLI; errors print one clear line on stderr and set the exit code (2 usage, 1 otherwise). */
export async function main(argv: readonly string[]): Promise<void> {
  // Output piped into `head` and cut short is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`error: ${err instanceof ConfigError ? describeForCli(err) : (err as Error).message}\n`);
    process.exitCode = err instanceof UsageError || err instanceof ConfigError ? 2 : 1;
  }
}

// Config fields named as the flags that set them.
const FLAG_OF: Record<string, string> = {
  symbols: '--symbols',
  timeframe: '--timeframe',
  from: '--from',
  to: '--to',
  session: '--session',
  strategy: '--strategy',
  params: '--param',
  cash: '--cash',
  fill: '--fill',
  'commission.pct': '--commission-pct',
  'commission.perShare': '--commission-per-share',
  'commission.min': '--commission-min',
  'commission.fixed': '--commission-fixed',
  slippageBps: '--slippage-bps',
  maxVolumePct: '--max-volume-pct',
  risk: '--risk',
  riskFreeRate: '--risk-free',
  seed: '--seed',
  tags: '--tag',
};

function describeForCli(err: ConfigError): string {
  return err.issues
    .map((i) => {
      const top = i.path.split('.').slice(0, i.path.startsWith('commission.') ? 2 : 1).join('.');
      const flag = FLAG_OF[top] ?? FLAG_OF[i.path.split('.')[0]];
      return `${flag ?? i.path}${flag && top !== i.path && !i.path.startsWith('commission.') ? ` (${i.path})` : ''}: ${i.message}`;
    })
    .join('\n       ');
}
