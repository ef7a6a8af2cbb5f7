/**
 * `cairn run logs RUN_ID [--follow] [--rank N]`: a run's log, whole, or live until the run ends. The
 * follow loop is shared with `submit-script`, which watches the run it created the same way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogLine, Run } from '@cairn/api';
import type { WorkspaceClient } from '@cairn/sdk';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { CliError } from '../errors.js';
import { intOption } from '../options.js';
import { outputFormat, withOutput } from '../output.js';
import { trace } from '../trace.js';

/** Exit code of a followed run that ended other than Completed (see docs/cli.md). */
export const RUN_NOT_COMPLETED = 7;

interface LogsOptions {
  follow?: boolean;
  rank?: number;
}

/** Registers `cairn run logs`. */
export function registerLogs(run: Command): void {
  withOutput(run.command('logs').argument('<run-id>').description("Print a run's log; --follow keeps printing until the run ends"))
    .option('-f, --follow', 'print lines as they come, and status changes, until the run ends')
    .option('--rank <n>', 'only the lines of this process of a distributed run', intOption('--rank', 0, 100_000))
    .action(async (id: string, o: LogsOptions, cmd: Command) => logs(cmd, id, o));
}

async function logs(cmd: Command, id: string, o: LogsOptions): Promise<void> {
  const { workspace } = await connect(cmd);
  // `cairn run logs ID | head` closes the pipe early: stop quietly, as other tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? process.exit(0) : undefined));
  const print = linePrinter(outputFormat(cmd) === 'json');
  if (!o.follow) return printWhole(workspace, id, o.rank, print);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const outcome = await followRun(workspace, id, { rank: o.rank, print, signal: stop.signal });
  if (outcome === 'detached') throw new CliError('DETACHED', `stopped following run ${id}; the run goes on`, 130, `cancel it with \`cairn run cancel ${id}\``);
  await failUnlessCompleted(workspace, id);
}

async function printWhole(workspace: WorkspaceClient, id: string, rank: number | undefined, print: (line: LogLine) => void): Promise<void> {
  let after: number | undefined;
  for (;;) {
    const page = await workspace.execution.logs(id, { rank, after });
    page.items.forEach(print);
    if (page.nextCursor === undefined || page.items.length === 0) return;
    after = page.nextCursor;
  }
}

/** Prints a log line where it belongs: stdout lines on stdout, the rest on stderr; `-o json` prints JSON lines. */
export function linePrinter(json: boolean): (line: LogLine) => void {
  return (line) => {
    if (json) return void process.stdout.write(`${JSON.stringify(line)}\n`);
    const prefix = `${line.rank > 0 ? `[rank ${line.rank}] ` : ''}${line.stream === 'system' ? '[cairn] ' : ''}`;
    (line.stream === 'stdout' ? process.stdout : process.stderr).write(`${prefix}${line.text}\n`);
  };
}

/** How following ended: the run ended, or the user stopped watching. */
export type FollowOutcome = 'ended' | 'detached';

export interface FollowOptions {
  rank?: number;
  print(line: LogLine): void;
  /** Called on each status change, with the reason the run is in it. */
  onStatus?(status: string, reason: string | null): void;
  signal?: AbortSignal;
}

/** Follows a run until it ends; a dropped connection (a server restart) resumes after the last line seen. */
export async function followRun(workspace: WorkspaceClient, id: string, o: FollowOptions): Promise<FollowOutcome> {
  let after: number | undefined;
  let sawOutput = false;
  const onStatus = o.onStatus ?? ((status, reason) => process.stderr.write(`[cairn] status: ${status}${reason ? ` (${reason})` : ''}\n`));
  for (let attempt = 0; ; attempt++) {
    try {
      for await (const event of workspace.execution.follow(id, { rank: o.rank, after }, o.signal)) {
        attempt = 0;
        if (event.event === 'line') {
          if (event.data.stream === 'stdout' && !sawOutput) trace('first script line received');
          sawOutput ||= event.data.stream === 'stdout';
          after = event.data.cursor;
          o.print(event.data);
        } else if (event.event === 'status') onStatus(event.data.status, event.data.statusReason);
        else return 'ended';
      }
    } catch (error) {
      if (o.signal?.aborted) return 'detached';
      if (!(error instanceof Error) || (error as { status?: number }).status !== undefined || attempt >= 30) throw error;
    }
    if (o.signal?.aborted) return 'detached';
    await sleep(Math.min(200 * 2 ** attempt, 2000));
  }
}

/** Throws RUN_NOT_COMPLETED (exit 7) with the run's error unless it ended Completed. */
export async function failUnlessCompleted(workspace: WorkspaceClient, id: string): Promise<Run> {
  const run = await workspace.runs.get(id);
  if (run.status === 'Completed') return run;
  const why = run.error ? `: ${run.error.code}: ${run.error.message}` : run.statusReason ? ` (${run.statusReason})` : '';
  throw new CliError('RUN_NOT_COMPLETED', `run ${id} ended ${run.status}${why}`, RUN_NOT_COMPLETED, `see the whole log with \`cairn run logs ${id}\``);
}
