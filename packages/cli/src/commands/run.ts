/** `cairn run list|show|metrics|tag|cancel|download|submit-script|logs|config`. */
import type { Run } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { formatDuration, formatMap, formatTime } from '../format.js';
import { UsageError } from '../errors.js';
import { intOption, parsePairs } from '../options.js';
import { note, printData, renderFields, renderTable, withOutput } from '../output.js';
import { registerDownload } from './run-download.js';
import { registerMetrics } from './run-metrics.js';
import { registerLogs } from './run-logs.js';
import { registerRunConfig } from './run-config.js';
import { registerSubmit } from './run-submit.js';

interface ListOptions {
  experiment?: string;
  filter?: string;
  orderBy?: string;
  top?: number;
  cursor?: string;
  includeChildren?: boolean;
}

/** Registers the run subcommands. */
export function register(command: Command): void {
  withOutput(command.command('list').description('Search the runs of the workspace'))
    .option('-e, --experiment <name>', 'only runs of this experiment')
    .option('--filter <expr>', `e.g. "metrics.loss < 0.5 and tags.team = 'vision'" (see docs/cli.md)`)
    .option('--order-by <expr>', 'e.g. "metrics.accuracy desc, created"')
    .option('--top <n>', 'runs per page, 1-1000 (default: 100)', intOption('--top', 1, 1000))
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .option('--include-children', 'list child runs too')
    .action(async (o: ListOptions, cmd: Command) => list(cmd, o));
  withOutput(command.command('show').argument('<run-id>').description('Show a run'))
    .action(async (id: string, _o: unknown, cmd: Command) => show(cmd, id));
  registerMetrics(command);
  withOutput(command.command('tag').argument('<run-id>').argument('[key=value...]', 'tags to set').description('Set and remove tags of a run'))
    .option('--remove <key...>', 'tags to remove')
    .action(async (id: string, pairs: string[], o: { remove?: string[] }, cmd: Command) => tag(cmd, id, pairs, o.remove ?? []));
  withOutput(command.command('cancel').argument('<run-id>').description('Cancel a run'))
    .action(async (id: string, _o: unknown, cmd: Command) => cancel(cmd, id));
  registerDownload(command);
  registerSubmit(command);
  registerLogs(command);
  registerRunConfig(command);
}

/** Runs as a table: id, experiment, name, status, created, duration. */
export function runTable(runs: Run[], now = Date.now()): string {
  const rows = runs.map((r) => [r.id, r.experiment, r.displayName || '-', r.status, formatTime(r.createdAt, now), formatDuration(r.durationSeconds)]);
  return renderTable(['RUN ID', 'EXPERIMENT', 'NAME', 'STATUS', 'CREATED', 'DURATION'], rows);
}

/** One run as labelled fields. */
export function runFields(run: Run, now = Date.now()): string {
  const fields: Array<[string, string]> = [
    ['id', run.id], ['experiment', run.experiment], ['number', String(run.number)], ['name', run.displayName || '-'],
    ['status', run.statusReason ? `${run.status} (${run.statusReason})` : run.status], ['type', run.type],
    ['compute', run.computeTarget], ['parent', run.parentRunId ?? '-'], ['created', `${formatTime(run.createdAt, now)} by ${run.createdBy}`],
    ['started', formatTime(run.startedAt, now)], ['ended', formatTime(run.endedAt, now)], ['duration', formatDuration(run.durationSeconds)],
    ['description', run.description || '-'], ['tags', formatMap(run.tags)], ['properties', formatMap(run.properties)],
  ];
  if (run.error) fields.push(['error', `${run.error.code}: ${run.error.message}`]);
  return renderFields(fields);
}

async function list(cmd: Command, o: ListOptions): Promise<void> {
  const { workspace } = await connect(cmd);
  const includeChildren = o.includeChildren ? ('true' as const) : undefined;
  const page = await workspace.runs.list({ experiment: o.experiment, filter: o.filter, orderBy: o.orderBy, top: o.top, cursor: o.cursor, includeChildren });
  if (page.items.length === 0) note(`No runs in workspace ${workspace.name}${o.filter || o.experiment ? ' match' : ' yet'}`);
  printData(cmd, page, (p) => runTable(p.items));
  if (page.nextCursor) note(`More runs: add --cursor ${page.nextCursor}`);
}

async function show(cmd: Command, id: string): Promise<void> {
  const { workspace } = await connect(cmd);
  printData(cmd, await workspace.runs.get(id), (run) => runFields(run));
}

async function tag(cmd: Command, id: string, pairs: string[], remove: string[]): Promise<void> {
  const set = parsePairs(pairs);
  if (pairs.length === 0 && remove.length === 0) throw new UsageError('nothing to tag', 'give key=value pairs to set, or --remove KEY');
  const { workspace } = await connect(cmd);
  const result = await workspace.runs.setTags(id, set, remove);
  printData(cmd, result, (r) => renderTable(['TAG', 'VALUE'], Object.entries(r.tags).map(([k, v]) => [k, v ?? '-'])));
}

async function cancel(cmd: Command, id: string): Promise<void> {
  const { workspace } = await connect(cmd);
  const run = await workspace.runs.cancel(id);
  printData(cmd, run, (r) => `${r.id}  ${r.status}\n`);
}
