/**
 * `cairn endpoint create` and `cairn endpoint deploy`: the deployment flags, the source directory
 * uploaded as a snapshot (only blobs the server lacks), then a wait with progress until the
 * deployment serves — or a failure showing the end of the replica's log (an init() traceback).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DeploymentInput, Endpoint } from '@cairn/api';
import type { WorkspaceClient } from '@cairn/sdk';
import { Option, type Command } from 'commander';
import { connect } from '../context.js';
import { CliError, UsageError, exitCodes } from '../errors.js';
import { formatBytes } from '../format.js';
import { intOption } from '../options.js';
import { note, printData, withOutput } from '../output.js';
import { byteProgress } from '../progress.js';
import { DEFAULT_MAX_SNAPSHOT_MB, planSnapshot } from '../snapshot/snapshot-plan.js';
import { uploadSnapshot } from '../snapshot/upload-snapshot.js';
import { endpointDetail } from './endpoint-format.js';

/** The deployment flags as commander parses them. */
export interface DeploymentOptions {
  model: string[];
  entryScript?: string;
  sourceDir?: string;
  environment: string;
  minReplicas?: number;
  maxReplicas?: number;
  targetUtilization?: number;
  maxConcurrentRequestsPerReplica?: number;
  maxQueueWaitMs?: number;
  scoringTimeoutMs?: number;
  sampleInput?: string;
  collectModelData?: boolean;
  wait: boolean;
  timeout: number;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Adds the flags every deployment takes. */
export function deploymentFlags(command: Command): Command {
  return withOutput(command)
    .requiredOption('--model <ref>', 'model NAME:VERSION, NAME@ALIAS (followed when it moves) or NAME (newest); repeat for several', collect, [])
    .option('--entry-script <file>', 'the v1 scoring script (init() and run()), relative to --source-dir; omit for a no-code ONNX model')
    .option('--source-dir <dir>', "the entry script's folder, uploaded whole (default: the current directory)")
    .option('--environment <name[:version]>', 'the Python environment of the replicas', 'system')
    .option('--min-replicas <n>', 'fewest replicas (default 1)', intOption('--min-replicas', 1, 64))
    .option('--max-replicas <n>', 'most replicas (default 4)', intOption('--max-replicas', 1, 64))
    .option('--target-utilization <percent>', 'busy share the autoscaler aims for (default 70)', intOption('--target-utilization', 1, 100))
    .option('--max-concurrent-requests-per-replica <n>', 'requests a replica takes at once (default 1)', intOption('--max-concurrent-requests-per-replica', 1, 1000))
    .option('--max-queue-wait-ms <ms>', 'longest wait for a free replica before 503 (default 500)', intOption('--max-queue-wait-ms', 1, 3_600_000))
    .option('--scoring-timeout-ms <ms>', 'longest run() before 504 (default 60000)', intOption('--scoring-timeout-ms', 1, 3_600_000))
    .option('--sample-input <file>', 'a sample request body: the swagger example, and run() once on it for the output example')
    .option('--collect-model-data', 'record sampled requests and answers (`cairn endpoint show NAME --model-data`)')
    .option('--no-wait', 'return at once instead of waiting until the deployment serves')
    .option('--timeout <seconds>', 'how long to wait (default 600)', intOption('--timeout', 1, 86_400), 600);
}

async function uploadSource(workspace: WorkspaceClient, dir: string, entryScript: string): Promise<string> {
  const plan = await planSnapshot(dir, DEFAULT_MAX_SNAPSHOT_MB, () => {});
  if (!plan.files.some((f) => f.path === entryScript.replace(/^\.\//, ''))) {
    throw new CliError('ENTRY_SCRIPT_NOT_FOUND', `the entry script ${entryScript} is not in ${dir}${plan.ignoreSource ? ` (or ${plan.ignoreSource} leaves it out)` : ''}`, exitCodes.usage, 'give --entry-script relative to --source-dir');
  }
  const { snapshot, filesSent, bytesSent } = await uploadSnapshot(workspace, plan, byteProgress('Uploading'));
  note(`Source ${dir}: ${plan.files.length} file${plan.files.length === 1 ? '' : 's'}, ${filesSent === 0 ? 'nothing new to upload' : `uploaded ${filesSent} (${formatBytes(bytesSent)})`}`);
  return snapshot.id;
}

/** The API body of the deployment flags (uploads the source directory). */
export async function deploymentBody(workspace: WorkspaceClient, o: DeploymentOptions): Promise<DeploymentInput> {
  if (o.model.length === 0) throw new UsageError('give at least one --model NAME:VERSION');
  if (o.sourceDir !== undefined && o.entryScript === undefined) throw new UsageError('--source-dir needs --entry-script', 'e.g. --entry-script score.py --source-dir .');
  const settings = Object.fromEntries(Object.entries({
    minReplicas: o.minReplicas, maxReplicas: o.maxReplicas, targetUtilization: o.targetUtilization, maxConcurrentRequestsPerReplica: o.maxConcurrentRequestsPerReplica,
    maxQueueWaitMs: o.maxQueueWaitMs, scoringTimeoutMs: o.scoringTimeoutMs,
  }).filter(([, v]) => v !== undefined));
  const body: DeploymentInput = { models: o.model, environment: o.environment, settings, collectModelData: o.collectModelData ?? false };
  if (o.sampleInput !== undefined) body.sampleInput = await readFile(o.sampleInput, 'utf8');
  if (o.entryScript !== undefined) {
    body.entryScript = o.entryScript;
    body.snapshotId = await uploadSource(workspace, resolve(o.sourceDir ?? '.'), o.entryScript);
  }
  return body;
}

/** Waits until `deployment`'s generation serves; fails with its error (the replica's log end) when it cannot. */
export async function waitForDeployment(cmd: Command, workspace: WorkspaceClient, name: string, deployment: string, generation: number, timeoutSeconds: number): Promise<Endpoint> {
  const until = Date.now() + timeoutSeconds * 1000;
  let last = '';
  for (;;) {
    const endpoint = await workspace.endpoints.get(name);
    const d = endpoint.deployments.find((x) => x.name === deployment);
    if (!d || d.generation !== generation) throw new CliError('SUPERSEDED', `deployment ${deployment} of ${name} was changed by someone else meanwhile`, exitCodes.conflict);
    const progress = `${d.state}: ${d.replicas.ready}/${Math.max(d.settings.minReplicas, d.replicas.count)} replica(s) ready`;
    if (progress !== last) note(`${name}/${deployment} generation ${generation}: ${progress}`);
    last = progress;
    if (d.servingGeneration === generation && d.state !== 'Transitioning') return endpoint;
    if (d.state === 'Failed') {
      throw new CliError('DEPLOYMENT_FAILED', `deployment ${deployment} of ${name} failed:\n${d.error ?? 'no replica became ready'}`, exitCodes.error, `the whole log: \`cairn endpoint logs ${name} --deployment ${deployment}\``);
    }
    if (Date.now() > until) throw new CliError('TIMEOUT', `deployment ${deployment} of ${name} is still ${d.state} after ${timeoutSeconds} s`, exitCodes.error, `watch it: \`cairn endpoint logs ${name} --follow\``);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Registers `create` and `deploy`. */
export function registerDeploy(command: Command): void {
  deploymentFlags(command.command('create').argument('<name>', '3-32 characters: lowercase letters, digits and "-"').description('Create an endpoint and wait until it is Healthy'))
    .option('--deployment <name>', 'name of the first deployment', 'default')
    .addOption(new Option('--auth <mode>', 'how scoring clients authenticate').choices(['key', 'token']).default('key'))
    .option('--description <text>', 'what it serves', '')
    .action(async (name: string, o: DeploymentOptions & { deployment: string; auth: 'key' | 'token'; description: string }, cmd: Command) => {
      const { workspace } = await connect(cmd);
      const body = await deploymentBody(workspace, o);
      const created = await workspace.endpoints.create({ ...body, name, deployment: o.deployment, auth: o.auth, description: o.description });
      note(`Scoring URL: ${created.scoringUrl}`);
      const endpoint = o.wait ? await waitForDeployment(cmd, workspace, name, o.deployment, 1, o.timeout) : created;
      printData(cmd, endpoint, (e) => endpointDetail(e));
    });
  deploymentFlags(command.command('deploy').argument('<name>', 'the endpoint').description('Create or update a deployment (a rolling update: no request fails) and wait until it serves'))
    .requiredOption('--deployment <name>', 'the deployment to create or update, e.g. green')
    .option('--traffic <split>', 'traffic once it serves, e.g. blue=90,green=10 (whole percentages summing to 100)')
    .action(async (name: string, o: DeploymentOptions & { deployment: string; traffic?: string }, cmd: Command) => {
      const { workspace } = await connect(cmd);
      const body = await deploymentBody(workspace, o);
      const answer = await workspace.endpoints.deploy(name, o.deployment, { ...body, ...(o.traffic ? { traffic: parseTraffic(o.traffic) } : {}) });
      const generation = answer.deployments.find((d) => d.name === o.deployment)!.generation;
      const endpoint = o.wait ? await waitForDeployment(cmd, workspace, name, o.deployment, generation, o.timeout) : answer;
      printData(cmd, endpoint, (e) => endpointDetail(e));
    });
}

/** `blue=90,green=10` as a map of whole numbers. */
export function parseTraffic(text: string): Record<string, number> {
  const traffic: Record<string, number> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([a-z][a-z0-9-]*)=(\d{1,3})\s*$/.exec(part);
    if (!match) throw new UsageError(`expected DEPLOYMENT=PERCENT pairs, got "${part}"`, 'e.g. --traffic blue=90,green=10');
    traffic[match[1]!] = Number(match[2]);
  }
  return traffic;
}
