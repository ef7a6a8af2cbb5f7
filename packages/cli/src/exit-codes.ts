/**
 * Exit codes of `cairn` (documented in docs/cli.md), apart from errors.ts so that `--help` and
 * `--version`, which end as commander errors, exit without loading the SDK that errors.ts brings.
 */
import type { CommanderError } from 'commander';

/** Exit codes of `cairn`. */
export const exitCodes = { ok: 0, error: 1, usage: 2, notFound: 3, auth: 4, conflict: 5, connection: 6 } as const;

/** A commander error's exit code: 0 after the help or version it printed, 2 for a usage error. */
export function commanderExitCode(error: CommanderError): number {
  return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
}
