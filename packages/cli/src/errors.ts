/**
 * How a failure reaches the user: `error CODE: message` on stderr, a hint saying what to do next, and
 * an exit code that scripts can act on (documented in docs/cli.md).
 */
import { CairnError } from '@cairn/api';
import { CairnClientError } from '@cairn/sdk';
import { CommanderError } from 'commander';
import { commanderExitCode, exitCodes } from './exit-codes.js';

export { exitCodes } from './exit-codes.js';

/** A failure found by the CLI itself, with its code, exit code and what to do about it. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = exitCodes.error,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command line that cannot be acted on (exit 2, like commander's own usage errors). */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super('USAGE', message, exitCodes.usage, hint);
  }
}

/** The exit code for an HTTP status: 404 → 3, 401/403 → 4, 409 → 5, anything else → 1. */
export function exitCodeForStatus(status: number | undefined): number {
  if (status === 404) return exitCodes.notFound;
  if (status === 401 || status === 403) return exitCodes.auth;
  if (status === 409) return exitCodes.conflict;
  return exitCodes.error;
}

/** The exit code a failure ends the process with. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return commanderExitCode(error);
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof CairnClientError) return error.code === 'CONNECTION_FAILED' ? exitCodes.connection : exitCodeForStatus(error.status);
  if (error instanceof CairnError) return exitCodeForStatus(error.status);
  return exitCodes.error;
}

// What to do next, per code; the server's message already says what went wrong.
const hints: Record<string, string> = {
  CONNECTION_FAILED: 'is `cairn server` running? start it with `npx cairn server`, or point --url / CAIRN_URL at the right server',
  UNAUTHENTICATED: 'the token is unknown, revoked or expired: run `cairn login --url URL` with a valid token',
  FORBIDDEN: 'ask an Owner for a token with a role that allows this (`cairn token create --role ...`)',
  WORKSPACE_NOT_FOUND: 'see the workspaces with `cairn workspace list`, or create one with `cairn workspace create NAME`',
  EXPERIMENT_NOT_FOUND: 'see the experiments with `cairn experiment list`',
  RUN_NOT_FOUND: 'see the runs with `cairn run list` (and check -w/--workspace)',
  METRIC_NOT_FOUND: 'see the metrics of the run with `cairn run metrics RUN_ID`',
  FILE_NOT_FOUND: 'check the path or --prefix',
  SECRET_NOT_FOUND: 'see the secrets with `cairn secret list`',
  TOKEN_NOT_FOUND: 'see the tokens with `cairn token list`',
  WORKSPACE_NOT_EMPTY: 'add --force to delete the workspace with everything in it',
  WORKSPACE_EXISTS: 'pick another name, or use it with `cairn workspace use NAME`',
  INVALID_FILTER: 'filters look like: metrics.loss < 0.5 and tags.team = \'vision\' (see docs/cli.md)',
};

/** What is shown of a failure: code, message, an excerpt (a filter with a caret under the fault), a hint. */
export interface ErrorReport {
  code: string;
  message: string;
  excerpt?: string;
  hint?: string;
}

/** The code, message, excerpt and hint to show for a failure. */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof CliError) return { code: error.code, message: error.message, hint: error.hint ?? hints[error.code] };
  if (error instanceof CairnError) return { code: error.code, message: error.message, excerpt: pointerOf(error.details), hint: hints[error.code] };
  if (error instanceof CairnClientError) return { code: error.code, message: error.message, hint: hints[error.code] };
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return { code: typeof code === 'string' ? code : 'ERROR', message };
}

/** The text printed on stderr for a failure; with `debug`, the stack too. */
export function formatError(error: unknown, debug: boolean): string {
  const { code, message, excerpt, hint } = describeError(error);
  const lines = [`error ${code}: ${message}`];
  // Some servers put the pointer in the message already; show it once.
  if (excerpt && !message.includes(excerpt)) lines.push(...excerpt.split('\n').map((line) => `  ${line}`));
  if (hint) lines.push(`hint: ${hint}`);
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  return `${lines.join('\n')}\n`;
}

function pointerOf(details: unknown): string | undefined {
  const pointer = (details as { pointer?: unknown } | null | undefined)?.pointer;
  return typeof pointer === 'string' && pointer !== '' ? pointer : undefined;
}
