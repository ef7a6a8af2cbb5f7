/** `cairn experiment list`. */
import type { Experiment } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { formatTime } from '../format.js';
import { note, printData, withOutput } from '../output.js';
import { renderTable } from '../table.js';

/** Registers the experiment subcommands. */
export function register(command: Command): void {
  withOutput(command.command('list').description('List the experiments of the workspace with their run counts'))
    .action(async (_o: unknown, cmd: Command) => list(cmd));
}

/** The experiment list as a table. */
export function experimentTable(items: Experiment[], now = Date.now()): string {
  const rows = items.map((e) => [e.name, String(e.runCount), formatTime(e.lastRunAt, now), formatTime(e.createdAt, now)]);
  return renderTable(['NAME', 'RUNS', 'LAST RUN', 'CREATED'], rows);
}

async function list(cmd: Command): Promise<void> {
  const { workspace } = await connect(cmd);
  const items = await workspace.experiments.list();
  if (items.length === 0) note(`No experiments in workspace ${workspace.name} yet`);
  printData(cmd, items, experimentTable);
}
