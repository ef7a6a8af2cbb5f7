/** `cairn secret set|list|delete`: values come from stdin or a file, never from a flag, and are never printed. */
import type { SecretInfo } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { formatTime } from '../format.js';
import { note, printData, withOutput } from '../output.js';
import { renderTable } from '../table.js';
import { readSecretValue } from '../prompt.js';

/** Registers the secret subcommands. */
export function register(command: Command): void {
  command.command('set').argument('<name>').description('Create or replace a secret; the value is read from stdin (hidden when typed) or --file')
    .option('--file <file>', 'read the value from this file (one trailing newline is dropped)')
    .action(async (name: string, o: { file?: string }, cmd: Command) => set(cmd, name, o.file));
  withOutput(command.command('list').description('List secret names (never values)'))
    .action(async (_o: unknown, cmd: Command) => list(cmd));
  command.command('delete').argument('<name>').description('Delete a secret')
    .action(async (name: string, _o: unknown, cmd: Command) => remove(cmd, name));
}

/** Secrets as a table of names and times. */
export function secretTable(items: SecretInfo[], now = Date.now()): string {
  return renderTable(['NAME', 'CREATED', 'UPDATED'], items.map((s) => [s.name, formatTime(s.createdAt, now), formatTime(s.updatedAt, now)]));
}

async function set(cmd: Command, name: string, file: string | undefined): Promise<void> {
  // Connect first: a missing config should fail before anyone types a secret.
  const { workspace } = await connect(cmd);
  const value = await readSecretValue(`Value for secret ${name}`, file);
  await workspace.secrets.set(name, value);
  note(`Set secret ${name} in workspace ${workspace.name}`);
}

async function list(cmd: Command): Promise<void> {
  const { workspace } = await connect(cmd);
  const items = await workspace.secrets.list();
  if (items.length === 0) note(`No secrets in workspace ${workspace.name}`);
  printData(cmd, items, secretTable);
}

async function remove(cmd: Command, name: string): Promise<void> {
  const { workspace } = await connect(cmd);
  await workspace.secrets.delete(name);
  note(`Deleted secret ${name} from workspace ${workspace.name}`);
}
