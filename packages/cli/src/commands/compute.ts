/** `cairn compute create|list|show|delete`: Slurm targets beside the built-in `local`. */
import type { ComputeTarget, CreateComputeTarget } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { note, printData, renderTable, withOutput } from '../output.js';

/** The flags of `cairn compute create`. */
export interface CreateOptions {
  type: string; partition?: string; maxNodes?: string; account?: string; qos?: string; timeLimit?: string; gres?: string; runnerCache?: string;
}

/** Registers the compute subcommands. */
export function register(command: Command): void {
  withOutput(command.command('create').argument('<name>').description('Create a Slurm compute target (partition and account are checked against the cluster)')
    .requiredOption('--type <type>', 'slurm').option('--partition <p>', 'Slurm partition').option('--max-nodes <n>', 'nodes Cairn runs hold at once', '1')
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
  command.command('delete').argument('<name>').description('Delete a compute target (refused while runs are out on it)')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await (await connect(cmd)).workspace.compute.delete(name);
      note(`Deleted compute target ${name}`);
    });
}

/** The create request of `cairn compute create` flags; the server validates the rest. */
export function creation(name: string, o: CreateOptions): CreateComputeTarget {
  if (o.type !== 'slurm') throw new Error(`unknown compute type ${o.type}; this server creates: slurm`);
  if (!o.partition) throw new Error('a slurm target needs --partition');
  const maxNodes = Number(o.maxNodes ?? '1');
  if (!Number.isInteger(maxNodes) || maxNodes < 1) throw new Error(`--max-nodes must be a whole number of at least 1, not ${o.maxNodes}`);
  return {
    name, type: 'slurm',
    settings: { partition: o.partition, maxNodes, account: o.account, qos: o.qos, timeLimit: o.timeLimit, gres: o.gres, runnerCache: o.runnerCache },
  };
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
