import { Command, CommanderError } from 'commander';
import { registerBacktest } from './commands/backtest.ts';
import { registerData } from './commands/data.ts';
import { registerDemo } from './commands/demo.ts';
import { registerJournal } from './commands/journal.ts';
import { registerRuns } from './commands/runs.ts';
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
  for (const c of program.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  return program;
}

/** Runs the CLI; errors print one clear line on stderr and set the exit code (2 usage, 1 otherwise). */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}
