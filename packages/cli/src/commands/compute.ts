/** `cairn compute create|list|show|update|delete`: Slurm targets beside the built-in `local`. */
import type { ComputeTarget, CreateComputeTarget, UpdateComputeTarget } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { note, printData, withOutput } from '../output.js';
import { renderTable } from '../table.js';

/** The flags of `cairn compute create`. */
export interface CreateOptions {
  type: string; partition?: string; maxNodes?: string; account?: string; qos?: string; timeLimit?: string; gres?: string; runnerCache?: string;
  host?: string; port?: string; user?: string; keySecret?: string; maxRuns?: string;
}

/** Registers the compute subcommands. */
export function register(command: Command): void {
  withOutput(command.command('create').argument('<name>').description('Create a Slurm target (partition and account checked against the cluster) or an SSH target (host key pinned on first use)')
    .requiredOption('--type <type>', 'slurm or ssh').option('--partition <p>', 'Slurm partition').option('--max-nodes <n>', 'nodes Cairn runs hold at once')
    .option('--host <h>', 'ssh: host name or address').option('--port <n>', 'ssh: port', '22').option('--user <u>', 'ssh: user')
    .option('--key-secret <name>', "ssh: vault secret holding the private key").option('--max-runs <n>', 'ssh: runs at once')
    .option('--account <a>', 'Slurm account').option('--qos <q>', 'Slurm QOS').option('--time-limit <t>', 'Slurm time limit (minutes, H:MM:SS, D-HH:MM:SS)')
    .option('--gres <g>', 'generic resources per node, e.g. gpu:1').option('--runner-cache <dir>', "node-local directory for the runner's cache"))
    .action(async (name: string, o: CreateOptions, cmd: Command) => {
      const made = await (await connect(cmd)).workspace.compute.create(creation(name, o));
      printData(cmd, made, (t) => targetTable([t]));
    });
  withOutput(command.command('list').description('List compute targets with their capacity and load'))
    .action(async (_o: unknown, cmd: Command) => printData(cmd, await (await connect(cmd)).workspace.compute.list(), targetTable));
  withOutput(command.command('show').argument('<name>').description("Show a compute target: settings, and a Slurm partition's nodes and Cairn's jobs"))
    .action(async (name: string, _o: unknown, cmd: Command) => printData(cmd, await (await connect(cmd)).workspace.compute.get(name), showText));
  withOutput(command.command('update').argument('<name>').description("Change a target's settings (checked as at create); an empty value clears one, e.g. --qos ''")
    .option('--max-nodes <n>', 'nodes Cairn runs hold at once').option('--time-limit <t>', 'Slurm time limit').option('--qos <q>', 'Slurm QOS')
    .option('--account <a>', 'Slurm account').option('--gres <g>', 'generic resources per node').option('--runner-cache <dir>', "node-local directory for the runner's cache")
    .option('--max-runs <n>', 'runs at once on an ssh target'))
    .action(async (name: string, o: UpdateOptions, cmd: Command) => {
      const updated = await (await connect(cmd)).workspace.compute.update(name, changes(o));
      printData(cmd, updated, showText);
    });
  command.command('delete').argument('<name>').description('Delete a compute target (refused while runs are out on it)')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await (await connect(cmd)).workspace.compute.delete(name);
      note(`Deleted compute target ${name}`);
    });
}

/** The create request of `cairn compute create` flags; the server validates the rest. */
export function creation(name: string, o: CreateOptions): CreateComputeTarget {
  if (o.type === 'ssh') return sshCreation(name, o);
  if (o.type !== 'slurm') throw new Error(`unknown compute type ${o.type}; this server creates: slurm, ssh`);
  if (!o.partition) throw new Error('a slurm target needs --partition');
  const maxNodes = whole('--max-nodes', o.maxNodes ?? '1')!;
  return {
    name, type: 'slurm',
    settings: { partition: o.partition, maxNodes, account: o.account, qos: o.qos, timeLimit: o.timeLimit, gres: o.gres, runnerCache: o.runnerCache },
  };
}

function sshCreation(name: string, o: CreateOptions): CreateComputeTarget {
  for (const [flag, value] of [['--host', o.host], ['--user', o.user], ['--key-secret', o.keySecret]] as const) {
    if (!value) throw new Error(`an ssh target needs ${flag}`);
  }
  const port = Number(o.port ?? '22');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`--port must be a port number, not ${o.port}`);
  return {
    name, type: 'ssh',
    settings: { host: o.host!, port, user: o.user!, keySecret: o.keySecret!, maxRuns: whole('--max-runs', o.maxRuns ?? '1')!, runnerCache: o.runnerCache },
  };
}

/** The flags of `cairn compute update`. */
export interface UpdateOptions {
  maxNodes?: string; timeLimit?: string; qos?: string; account?: string; gres?: string; runnerCache?: string; maxRuns?: string;
}

/** The update request of `cairn compute update` flags: only the flags given, an empty value clearing its setting. */
export function changes(o: UpdateOptions): UpdateComputeTarget {
  const text = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : v);
  const body: UpdateComputeTarget = {
    maxNodes: whole('--max-nodes', o.maxNodes), maxRuns: whole('--max-runs', o.maxRuns), timeLimit: text(o.timeLimit), qos: text(o.qos),
    account: text(o.account), gres: text(o.gres), runnerCache: text(o.runnerCache),
  };
  const given = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as UpdateComputeTarget;
  if (Object.keys(given).length === 0) throw new Error('nothing to change: give --max-nodes, --time-limit, --qos, --account, --gres, --runner-cache or --max-runs');
  return given;
}

function whole(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number of at least 1, not ${value}`);
  return n;
}

/** Targets as a table. */
export function targetTable(items: ComputeTarget[]): string {
  return renderTable(['NAME', 'TYPE', 'CAPACITY', 'ACTIVE', 'QUEUED'], items.map((t) => [t.name, t.type, String(t.capacity), String(t.active), String(t.queued)]));
}

/** One target with its settings, nodes and jobs. */
export function showText(t: ComputeTarget): string {
  const parts = [targetTable([t])];
  if (t.settings) parts.push(Object.entries(t.settings).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k}: ${String(v)}`).join('\n'));
  if (t.nodes) parts.push(renderTable(['NODE', 'STATE', 'CPUS', 'MEMORY_MB', 'GRES'], t.nodes.map((n) => [n.name, n.state, String(n.cpus), String(n.memoryMb), n.gres])));
  if (t.jobs?.length) parts.push(renderTable(['JOB', 'RUN', 'STATE', 'REASON', 'NODES'], t.jobs.map((j) => [j.jobId, j.runId, j.state, j.reason, j.nodes])));
  if (t.error) parts.push(`scheduler: ${t.error}`);
  return parts.join('\n\n');
}
