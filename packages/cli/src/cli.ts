/** Runs `cairn` with arguments and turns every failure into a message and an exit code. */
import { CommanderError } from 'commander';
import { commanderExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Runs the CLI on `argv` (as `process.argv`: node, script, args…) and returns the exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    // Commander has already printed its usage error (or the help or version it was asked for).
    if (error instanceof CommanderError) return commanderExitCode(error);
    // Loaded on failure only: the errors module brings the SDK, which `--version` and `--help` do without.
    const { exitCodeFor, formatError } = await import('./errors.js');
    process.stderr.write(formatError(error, env.CAIRN_DEBUG === '1'));
    return exitCodeFor(error);
  }
}
