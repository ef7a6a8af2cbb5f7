/** `cairn model register|list|show|download|update|delete|alias|events`. */
import { modelFrameworks, type ModelAlias, type ModelEvent, type ModelFramework } from '@cairn/api';
import { Option, type Command } from 'commander';
import { connect } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTime } from '../format.js';
import { intOption, parsePairs } from '../options.js';
import { note, printData, withOutput } from '../output.js';
import { renderTable } from '../table.js';
import { registerModelDownload } from './model-download.js';
import { modelDetail, modelFields, modelTable } from './model-format.js';
import { registerRegister } from './model-register.js';

interface ListOptions {
  name?: string;
  tag: string[];
  property: string[];
  run?: string;
  framework?: ModelFramework;
  latest?: boolean;
  top?: number;
  cursor?: string;
}

interface UpdateOptions {
  description?: string;
  tag: string[];
  removeTag: string[];
  property: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `N:V` as name and version; a usage error otherwise. */
export function nameAndVersion(ref: string): { name: string; version: number } {
  const colon = ref.lastIndexOf(':');
  const version = Number(ref.slice(colon + 1));
  if (colon <= 0 || !/^[1-9]\d*$/.test(ref.slice(colon + 1))) throw new UsageError(`expected NAME:VERSION, got "${ref}"`, 'e.g. `cairn model delete diabetes:3`');
  return { name: ref.slice(0, colon), version };
}

/** Registers the model subcommands. */
export function register(command: Command): void {
  registerRegister(command);
  withOutput(command.command('list').description('List model versions, newest first per name'))
    .option('-n, --name <name>', 'only versions of this model')
    .option('--tag <key|key=value>', 'has this tag (with this value); repeat for AND', collect, [])
    .option('--property <key|key=value>', 'has this property (with this value); repeat for AND', collect, [])
    .option('--run <run-id>', 'registered from this run')
    .addOption(new Option('--framework <framework>', 'of this framework').choices([...modelFrameworks]))
    .option('--latest', 'only the newest version of each model')
    .option('--top <n>', 'versions per page, 1-1000 (default: 100)', intOption('--top', 1, 1000))
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .action(async (o: ListOptions, cmd: Command) => list(cmd, o));
  withOutput(command.command('show').argument('<model>', 'NAME (newest), NAME:VERSION or NAME@ALIAS').description('Show a model version with its files and lineage'))
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      const { workspace } = await connect(cmd);
      printData(cmd, await workspace.models.get(ref), (m) => modelDetail(m));
    });
  registerModelDownload(command);
  withOutput(command.command('update').argument('<model>', 'NAME:VERSION').description('Change description and tags; add properties (never change them)'))
    .option('--description <text>', 'new description')
    .option('--tag <key=value>', 'set a tag; repeat for more', collect, [])
    .option('--remove-tag <key>', 'remove a tag; repeat for more', collect, [])
    .option('--property <key=value>', 'add a property; repeat for more', collect, [])
    .action(async (ref: string, o: UpdateOptions, cmd: Command) => update(cmd, ref, o));
  command.command('delete').argument('<model>', 'NAME:VERSION').description('Delete a model version (refused while an endpoint serves it)')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      const { name, version } = nameAndVersion(ref);
      const { workspace } = await connect(cmd);
      await workspace.models.delete(name, version);
      note(`Deleted model ${name}:${version}`);
    });
  registerAlias(command.command('alias').description('Name versions: production, staging, …; endpoints can follow an alias'));
  withOutput(command.command('events').argument('[name]', 'one model (default: every model)').description('Registry events, oldest first'))
    .option('--after <id>', 'only events after this event id', intOption('--after', 0, 2 ** 53 - 1))
    .action(async (name: string | undefined, o: { after?: number }, cmd: Command) => {
      const { workspace } = await connect(cmd);
      const items = name === undefined ? await workspace.models.allEvents(o.after) : await workspace.models.events(name, o.after);
      printData(cmd, { items }, (e) => eventTable(e.items));
    });
}

function registerAlias(alias: Command): void {
  withOutput(alias.command('set').argument('<name>').argument('<alias>').argument('<version>').description('Point an alias at a version'))
    .action(async (name: string, aliasName: string, version: string, _o: unknown, cmd: Command) => {
      const { workspace } = await connect(cmd);
      const set = await workspace.models.setAlias(name, aliasName, intOption('<version>', 1, 2 ** 31)(version));
      printData(cmd, set, (a) => `${name}@${a.alias} -> ${name}:${a.version}\n`);
    });
  withOutput(alias.command('list').argument('<name>').description("A model's aliases"))
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const { workspace } = await connect(cmd);
      printData(cmd, { items: await workspace.models.aliases(name) }, (a) => aliasTable(a.items));
    });
  alias.command('delete').argument('<name>').argument('<alias>').description('Remove an alias')
    .action(async (name: string, aliasName: string, _o: unknown, cmd: Command) => {
      const { workspace } = await connect(cmd);
      await workspace.models.deleteAlias(name, aliasName);
      note(`Removed alias ${name}@${aliasName}`);
    });
}

async function list(cmd: Command, o: ListOptions): Promise<void> {
  const { workspace } = await connect(cmd);
  const page = await workspace.models.list({ name: o.name, tags: o.tag, properties: o.property, runId: o.run, framework: o.framework, latest: o.latest, top: o.top, cursor: o.cursor });
  if (page.items.length === 0) note(`No models in workspace ${workspace.name}${o.name || o.tag.length || o.property.length || o.run || o.framework ? ' match' : ' yet'}`);
  printData(cmd, page, (p) => modelTable(p.items));
  if (page.nextCursor) note(`More models: add --cursor ${page.nextCursor}`);
}

async function update(cmd: Command, ref: string, o: UpdateOptions): Promise<void> {
  const { name, version } = nameAndVersion(ref);
  if (o.description === undefined && o.tag.length + o.removeTag.length + o.property.length === 0) {
    throw new UsageError('nothing to update', 'give --description, --tag key=value, --remove-tag key or --property key=value');
  }
  const { workspace } = await connect(cmd);
  const model = await workspace.models.update(name, version, { description: o.description, setTags: parsePairs(o.tag), removeTags: o.removeTag, addProperties: parsePairs(o.property) });
  printData(cmd, model, (m) => modelFields(m));
}

function aliasTable(aliases: ModelAlias[], now = Date.now()): string {
  return renderTable(['ALIAS', 'VERSION', 'UPDATED'], aliases.map((a) => [a.alias, String(a.version), formatTime(a.updatedAt, now)]));
}

function eventTable(events: ModelEvent[], now = Date.now()): string {
  const rows = events.map((e) => [String(e.id), formatTime(e.createdAt, now), e.kind, e.name, e.version === null ? '-' : String(e.version), e.alias ?? '-', e.actor]);
  return renderTable(['ID', 'WHEN', 'EVENT', 'MODEL', 'VERSION', 'ALIAS', 'BY'], rows);
}
