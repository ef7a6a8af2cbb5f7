/**
 * `cairn-runner`: runs one run on a compute node. Every compute target starts this same program
 * with the server URL, workspace and run id (flags or `CAIRN_*`) and the run token in
 * `CAIRN_RUN_TOKEN`; it needs nothing else from the server's machine. With `--standby` it waits for
 * those on stdin instead (see standby.ts).
 */
import { parseOptions } from './options.js';
import { RunnerRun } from './run.js';
import { exitWithParent, prepareStandby, readLaunch, standbyFlags, type StandbyHelpers } from './standby.js';
import { trace } from './trace.js';

trace('modules loaded');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const standby = argv[0] === '--standby' ? prepareStandby(standbyFlags(argv.slice(1))) : null;
  const launch = standby ? await standbyLaunch() : { argv, env: process.env };
  if (!launch) return 0;
  trace('launched');
  const options = parseOptions(launch.argv, launch.env);
  const run = new RunnerRun(options, helpersFor(standby, options.cacheDir));
  // A stop from the backend (cancel, scancel) arrives as SIGTERM: stop the script, report Canceled.
  process.on('SIGTERM', () => run.stop('cancel'));
  process.on('SIGINT', () => run.stop('cancel'));
  const outcome = await run.execute();
  process.stderr.write(`run ${options.runId}: ${outcome.status}\n`);
  return outcome.status === 'Completed' ? 0 : 1;
}

async function standbyLaunch(): Promise<Awaited<ReturnType<typeof readLaunch>>> {
  const stopWatching = exitWithParent();
  const launch = await readLaunch(process.stdin, process.env);
  // Handed a run, the runner outlives its server (a restart loses nothing): stop watching the parent.
  stopWatching();
  process.stdin.destroy();
  return launch;
}

/** The standby's spare is for the cache it was started with; its waiting launcher is for any run. */
function helpersFor(standby: StandbyHelpers | null, cacheDir: string): { spare: StandbyHelpers['spare']; launcher: StandbyHelpers['launcher'] } {
  if (!standby) return { spare: null, launcher: null };
  return { spare: standby.cacheDir === cacheDir ? standby.spare : null, launcher: standby.launcher };
}

main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`cairn-runner: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
