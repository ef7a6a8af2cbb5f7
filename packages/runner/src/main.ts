/**
 * `cairn-runner`: runs one run on a compute node. Every compute target starts this same program
 * with the server URL, workspace and run id (flags or `CAIRN_*`) and the run token in
 * `CAIRN_RUN_TOKEN`; it needs nothing else from the server's machine. With `--standby` it waits for
 * those on stdin instead (see standby.ts).
 */
import { resolve } from 'node:path';
import { parseOptions } from './options.js';
import { RunnerRun } from './run.js';
import { SpareCopy } from './spare-copy.js';
import { readLaunch } from './standby.js';
import { trace } from './trace.js';

trace('modules loaded');

/** How long a standby leaves the disk to the run before it, before preparing its spare copy. */
const SPARE_DELAY_MS = 500;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const standby = argv[0] === '--standby';
  // A standby's own flags: `--standby [--cache-dir DIR]`, where it prepares a spare working directory.
  const spareDir = standby && argv[1] === '--cache-dir' && argv[2] ? resolve(argv[2]) : null;
  const spare = spareDir ? new SpareCopy(spareDir, SPARE_DELAY_MS) : null;
  const launch = standby ? await standbyLaunch() : { argv, env: process.env };
  if (!launch) return 0;
  trace('launched');
  const options = parseOptions(launch.argv, launch.env);
  const run = new RunnerRun(options, spareDir === options.cacheDir ? spare : null);
  // A stop from the backend (cancel, scancel) arrives as SIGTERM: stop the script, report Canceled.
  process.on('SIGTERM', () => run.stop('cancel'));
  process.on('SIGINT', () => run.stop('cancel'));
  const outcome = await run.execute();
  process.stderr.write(`run ${options.runId}: ${outcome.status}\n`);
  return outcome.status === 'Completed' ? 0 : 1;
}

async function standbyLaunch(): Promise<Awaited<ReturnType<typeof readLaunch>>> {
  // Node loads its HTTP client on the first fetch; a standby pays for that while it waits.
  void fetch('data:,').catch(() => undefined);
  const launch = await readLaunch(process.stdin, process.env);
  process.stdin.destroy();
  return launch;
}

main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`cairn-runner: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
