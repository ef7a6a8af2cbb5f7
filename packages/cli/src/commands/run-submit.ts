/**
 * `cairn run submit-script SCRIPT [-- ARGS…] -e EXPERIMENT`: checks the run configuration and the
 * source directory, uploads only the files the server lacks, submits the run and, unless --detach,
 * follows its log and status until it ends, exiting with its outcome.
 */
import { CairnError, type Run } from '@cairn/api';
import type { WorkspaceClient } from '@cairn/sdk';
import type { Command } from 'commander';
import { connect, globalOptions } from '../context.js';
import { CliError, exitCodes } from '../errors.js';
import { formatBytes } from '../format.js';
import { intOption, parsePairs } from '../options.js';
import { note, outputFormat, printData } from '../output.js';
import { byteProgress } from '../progress.js';
import { trace } from '../trace.js';
import { knownRunConfig } from '../run-config/known-run-config.js';
import type { ResolvedRunConfig } from '../run-config/run-config-paths.js';
import { gitProperties } from '../snapshot/git-properties.js';
import { rememberedSnapshot, rememberSnapshot } from '../snapshot/last-snapshot.js';
import { DEFAULT_MAX_SNAPSHOT_MB, planSnapshot, type SnapshotPlan } from '../snapshot/snapshot-plan.js';
import { uploadSnapshot } from '../snapshot/upload-snapshot.js';
import { dataOptions, takeDataOutputs, withFormatOrDataOutput } from './dataset-run-options.js';
import { failUnlessCompleted, followRun, linePrinter } from './run-logs.js';

interface SubmitOptions {
  experiment: string;
  sourceDir?: string;
  compute?: string;
  environment?: string;
  runConfig?: string;
  tag: string[];
  displayName?: string;
  description?: string;
  detach?: boolean;
  maxSnapshotMb: number;
  input: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `cairn run submit-script`. */
export function registerSubmit(run: Command): void {
  withFormatOrDataOutput(run.command('submit-script').argument('[script]', 'the script, relative to the source directory').argument('[args...]', 'arguments for the script, after --')
    .description('Upload the source directory as a snapshot and run a script on a compute target'))
    .requiredOption('-e, --experiment <name>', 'the experiment the run belongs to (created if new)')
    .option('--source-dir <dir>', 'the folder uploaded as the run\'s code (default: the current directory)')
    .option('--compute <target>', 'where to run (default: local)')
    .option('--environment <name[:version]>', 'the Python environment (default: system)')
    .option('--run-config <file>', 'a run configuration: Cairn YAML, or a v1 .runconfig (NAME finds .azureml/NAME.runconfig)')
    .option('--tag <key=value>', 'a tag of the run (repeatable)', collect, [])
    .option('--display-name <name>', 'the run\'s display name')
    .option('--description <text>', 'the run\'s description')
    .option('--detach', 'print the run and return at once, without following it')
    .option('--max-snapshot-mb <n>', `refuse a snapshot larger than this (default: ${DEFAULT_MAX_SNAPSHOT_MB})`, intOption('--max-snapshot-mb', 1, 1_000_000), DEFAULT_MAX_SNAPSHOT_MB)
    .option('--input <name=dataset:N[:V][:download|mount]>', 'a dataset input; its path is {inputs.NAME} in arguments and $CAIRN_INPUT_NAME (repeatable)', collect, [])
    .action(async (script: string | undefined, args: string[], o: SubmitOptions, cmd: Command) => submit(cmd, script, args, o));
}

async function submit(cmd: Command, script: string | undefined, args: string[], o: SubmitOptions): Promise<void> {
  const dataOutputs = takeDataOutputs(cmd);
  trace('submit-script: command loaded');
  const tags = parsePairs(o.tag);
  const flags = { script, arguments: args, sourceDir: o.sourceDir, runConfig: o.runConfig, compute: o.compute, environment: o.environment };
  // Loaded only when needed: YAML and zod cost a start 50-90 ms, and flags checked before need neither.
  const resolved = (await knownRunConfig(flags)) ?? (await (await import('../run-config/resolve-run-config.js')).resolveRunConfig(flags));
  const data = dataOptions(o.input, dataOutputs);
  Object.assign(resolved.runConfig, { inputs: { ...resolved.runConfig.inputs, ...data.inputs }, outputs: { ...resolved.runConfig.outputs, ...data.outputs } });
  const { workspace, config } = await connect(cmd);
  trace('run configuration resolved, connected');
  // The reference check, git and hashing wait on the network, child processes and the disk: overlap them.
  const references = started((await import('../run-config/check-references.js')).checkReferences(workspace, resolved.runConfig));
  const git = started(gitProperties(resolved.sourceDir));
  const plan = await hashSource(resolved, o.maxSnapshotMb, references);
  trace('snapshot hashed, references checked');
  const place = { server: globalOptions(cmd).url ?? config.url ?? '', workspace: workspace.name };
  const remembered = await rememberedSnapshot(plan, place);
  const properties = await git;
  trace('git read');
  const body = { experiment: o.experiment, runConfig: resolved.runConfig, displayName: o.displayName, description: o.description, tags, properties };
  let run = remembered ? await workspace.execution.submit({ ...body, snapshotId: remembered }).catch(unlessSnapshotGone) : null;
  if (remembered && run) note(`Uploaded nothing: the snapshot is unchanged since the last submit (${remembered.slice(0, 12)})`);
  if (!run) {
    const snapshotId = await upload(workspace, plan);
    trace('snapshot recorded');
    await rememberSnapshot(plan, place, snapshotId);
    run = await workspace.execution.submit({ ...body, snapshotId });
  }
  trace('run submitted');
  note(`Submitted run ${run.id} (${run.experiment} #${run.number}) to ${run.computeTarget}: ${run.status}`);
  if (o.detach) return detached(cmd, run);
  await follow(cmd, workspace, run);
}

/** A remembered snapshot the server no longer has is uploaded again (null); other failures stand. */
function unlessSnapshotGone(error: unknown): null {
  if (error instanceof CairnError && error.code === 'SNAPSHOT_NOT_FOUND') return null;
  throw error;
}

/** A promise awaited later: its rejection is handled where it is awaited, not reported as unhandled meanwhile. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** Lists and hashes the source directory; nothing is reported until the references proved good. */
async function hashSource(resolved: ResolvedRunConfig, maxMb: number, references: Promise<void>): Promise<SnapshotPlan> {
  const progress = byteProgress('Hashing');
  let read = 0;
  const plan = await planSnapshot(resolved.sourceDir, maxMb, (n) => progress.update((read += n), undefined)).finally(() => progress.stop());
  trace(`${plan.files.length} files listed and hashed`);
  await references;
  const ignoring = plan.ignoreSource ? `, leaving out what ${plan.ignoreSource} lists` : '';
  note(`Snapshot of ${resolved.sourceDir}: ${plan.files.length} file${plan.files.length === 1 ? '' : 's'}, ${formatBytes(plan.size)}${ignoring}`);
  if (!plan.files.some((f) => f.path === resolved.runConfig.script)) {
    throw new CliError('SCRIPT_NOT_FOUND', `script ${resolved.runConfig.script} is left out of the snapshot by ${plan.ignoreSource}`, exitCodes.usage,
      `remove the rule that matches it from ${plan.ignoreSource}`);
  }
  return plan;
}

async function upload(workspace: WorkspaceClient, plan: SnapshotPlan): Promise<string> {
  const { snapshot, filesSent, bytesSent } = await uploadSnapshot(workspace, plan, byteProgress('Uploading'));
  note(filesSent === 0 ? 'Uploaded nothing: the server holds every file already' : `Uploaded ${filesSent} file${filesSent === 1 ? '' : 's'} (${formatBytes(bytesSent)})`);
  return snapshot.id;
}

async function detached(cmd: Command, run: Run): Promise<void> {
  const { runFields } = await import('./run-show.js');
  printData(cmd, run, (r) => runFields(r));
  note(`Follow it with \`cairn run logs ${run.id} --follow\``);
}

/** Exit 130 as for any Ctrl-C, with what to do next. */
export function detachedError(id: string): CliError {
  return new CliError('DETACHED', `stopped following run ${id}; the run goes on`, 130, `follow it: \`cairn run logs ${id} --follow\`; cancel it: \`cairn run cancel ${id}\``);
}

/** Follows the run to its end; Ctrl-C stops watching, not the run. */
async function follow(cmd: Command, workspace: WorkspaceClient, run: Run): Promise<void> {
  const stop = new AbortController();
  const onInt = () => stop.abort();
  process.once('SIGINT', onInt);
  try {
    const outcome = await followRun(workspace, run.id, { print: linePrinter(outputFormat(cmd) === 'json'), signal: stop.signal });
    if (outcome === 'detached') throw detachedError(run.id);
  } finally {
    process.off('SIGINT', onInt);
  }
  const ended = await failUnlessCompleted(workspace, run.id);
  note(`Run ${ended.id} Completed`);
}
