/**
 * `cairn-runner`: runs one run on a compute node. Every compute target starts this same program
 * with the server URL, workspace and run id (flags or `CAIRN_*`) and the run token in
 * `CAIRN_RUN_TOKEN`; it needs nothing else from the server's machine.
 */
import { parseOptions } from './options.js';
import { RunnerRun } from './run.js';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const run = new RunnerRun(options);
  // A stop from the backend (cancel, scancel) arrives as SIGTERM: stop the script, report Canceled.
  process.on('SIGTERM', () => run.stop('cancel'));
  process.on('SIGINT', () => run.stop('cancel'));
  const outcome = await run.execute();
  process.stderr.write(`run ${options.runId}: ${outcome.status}\n`);
  return outcome.status === 'Completed' ? 0 : 1;
}

main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`cairn-runner: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
