/** Runs `cairn` with arguments and turns every failure into a message and an exit code. */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

/** Runs the CLI on `argv` (as `process.argv`: node, script, args…) and returns the exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    // Loaded on failure only: the errors module brings the SDK, which `--version` and `--help` do without.
    const { exitCodeFor, formatError } = await import('./errors.js');
    // Commander has already printed its usage error (or the help it was asked for).
    if (!(error instanceof CommanderError)) process.stderr.write(formatError(error, env.CAIRN_DEBUG === '1'));
    return exitCodeFor(error);
  }
}
