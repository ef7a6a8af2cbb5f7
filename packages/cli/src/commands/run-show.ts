/** `cairn run list|show|tag|cancel`, and runs as tables; loaded by run.ts when one of them runs. */
import type { Run } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { formatDuration, formatMap, formatTime } from '../format.js';
import { UsageError } from '../errors.js';
import { parsePairs } from '../options.js';
import { note, printData } from '../output.js';
import { renderFields, renderTable } from '../table.js';

/** The options of `cairn run list`. */
export interface ListOptions {
  experiment?: string;
  filter?: string;
  orderBy?: string;
  top?: number;
  cursor?: string;
  includeChildren?: boolean;
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

/** `cairn run list`. */
export async function list(cmd: Command, o: ListOptions): Promise<void> {
  const { workspace } = await connect(cmd);
  const includeChildren = o.includeChildren ? ('true' as const) : undefined;
  const page = await workspace.runs.list({ experiment: o.experiment, filter: o.filter, orderBy: o.orderBy, top: o.top, cursor: o.cursor, includeChildren });
  if (page.items.length === 0) note(`No runs in workspace ${workspace.name}${o.filter || o.experiment ? ' match' : ' yet'}`);
  printData(cmd, page, (p) => runTable(p.items));
  if (page.nextCursor) note(`More runs: add --cursor ${page.nextCursor}`);
}

/** `cairn run show`. */
export async function show(cmd: Command, id: string): Promise<void> {
  const { workspace } = await connect(cmd);
  printData(cmd, await workspace.runs.get(id), (run) => runFields(run));
}

/** `cairn run tag`. */
export async function tag(cmd: Command, id: string, pairs: string[], remove: string[]): Promise<void> {
  const set = parsePairs(pairs);
  if (pairs.length === 0 && remove.length === 0) throw new UsageError('nothing to tag', 'give key=value pairs to set, or --remove KEY');
  const { workspace } = await connect(cmd);
  const result = await workspace.runs.setTags(id, set, remove);
  printData(cmd, result, (r) => renderTable(['TAG', 'VALUE'], Object.entries(r.tags).map(([k, v]) => [k, v ?? '-'])));
}

/** `cairn run cancel`. */
export async function cancel(cmd: Command, id: string): Promise<void> {
  const { workspace } = await connect(cmd);
  const run = await workspace.runs.cancel(id);
  printData(cmd, run, (r) => `${r.id}  ${r.status}\n`);
}
