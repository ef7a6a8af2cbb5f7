/** `cairn workspace list|create|show|delete|use`. */
import type { Workspace } from '@cairn/api';
import { readCliConfigFile, saveCliConfig } from '@cairn/sdk';
import type { Command } from 'commander';
import { connect, globalOptions } from '../context.js';
import { formatTime } from '../format.js';
import { note, printData, withOutput } from '../output.js';
import { renderFields, renderTable } from '../table.js';

/** Registers the workspace subcommands. */
export function register(command: Command): void {
  withOutput(command.command('list').description('List the workspaces you can see; * marks the current one'))
    .action(async (_o: unknown, cmd: Command) => list(cmd));
  withOutput(command.command('create').argument('<name>').description('Create a workspace'))
    .option('--description <text>', 'what the workspace is for')
    .action(async (name: string, o: { description?: string }, cmd: Command) => create(cmd, name, o.description));
  withOutput(command.command('show').argument('[name]', 'workspace (default: the current one)').description('Show a workspace'))
    .action(async (name: string | undefined, _o: unknown, cmd: Command) => show(cmd, name));
  command.command('delete').argument('<name>').description('Delete a workspace')
    .option('--force', 'also delete everything in it (experiments, runs, files, secrets)')
    .action(async (name: string, o: { force?: boolean }, cmd: Command) => remove(cmd, name, o.force ?? false));
  command.command('use').argument('<name>').description('Make a workspace the default for later commands (saved in the config file)')
    .action(async (name: string, _o: unknown, cmd: Command) => use(cmd, name));
}

/** The workspace list as a table; `current` is marked with `*`. */
export function workspaceTable(items: Workspace[], current: string, now = Date.now()): string {
  const rows = items.map((w) => [`${w.name === current ? '*' : ' '} ${w.name}`, w.description || '-', formatTime(w.createdAt, now)]);
  return renderTable(['  NAME', 'DESCRIPTION', 'CREATED'], rows);
}

function workspaceFields(w: Workspace): string {
  return renderFields([['name', w.name], ['description', w.description || '-'], ['created', formatTime(w.createdAt)]]);
}

async function list(cmd: Command): Promise<void> {
  const { client, workspace } = await connect(cmd);
  const items = await client.workspaces.list();
  printData(cmd, items, (rows) => workspaceTable(rows, workspace.name));
}

async function create(cmd: Command, name: string, description: string | undefined): Promise<void> {
  const { client } = await connect(cmd);
  const created = await client.workspaces.create(name, description);
  note(`Created workspace ${created.name}; make it the default with \`cairn workspace use ${created.name}\``);
  printData(cmd, created, workspaceFields);
}

async function show(cmd: Command, name: string | undefined): Promise<void> {
  const { client, workspace } = await connect(cmd);
  printData(cmd, await client.workspaces.get(name ?? workspace.name), workspaceFields);
}

async function remove(cmd: Command, name: string, force: boolean): Promise<void> {
  const { client } = await connect(cmd);
  await client.workspaces.delete(name, { force });
  note(`Deleted workspace ${name}`);
}

async function use(cmd: Command, name: string): Promise<void> {
  const { client, config } = await connect(cmd);
  // Check first, so that the config never points at a workspace that does not exist.
  await client.workspaces.get(name);
  const file = (await readCliConfigFile(config.path)) ?? {};
  await saveCliConfig({ ...file, workspace: name }, { path: config.path });
  note(`Workspace ${name} is now the default (saved to ${config.path})`);
  const fromEnv = process.env.CAIRN_WORKSPACE;
  if (fromEnv && fromEnv !== name && !globalOptions(cmd).workspace) note(`note: CAIRN_WORKSPACE=${fromEnv} still overrides it in this shell`);
}
