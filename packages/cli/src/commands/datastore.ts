/** `cairn datastore register|list|show|set-default|delete|upload|download`: credentials are vault secret names. */
import type { Datastore, RegisterDatastore } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { formatTime } from '../format.js';
import { note, printData, withOutput } from '../output.js';
import { renderTable } from '../table.js';

interface RegisterOptions {
  type: string; path?: string; accountUrl?: string; container?: string; keySecret?: string; sasSecret?: string;
  endpoint?: string; bucket?: string; region?: string;
}

/** Registers the datastore subcommands. */
export function register(command: Command): void {
  withOutput(command.command('register').argument('<name>').description('Register a datastore (local, azure-blob or s3); credentials are vault secret names')
    .requiredOption('--type <type>', 'local | azure-blob | s3')
    .option('--path <dir>', 'local: an absolute directory on the server')
    .option('--account-url <url>', 'azure-blob: https://ACCOUNT.blob.core.windows.net').option('--container <c>', 'azure-blob: container')
    .option('--key-secret <secret>', 'vault secret holding the account key (azure) or ACCESS_KEY_ID:SECRET (s3)')
    .option('--sas-secret <secret>', 'azure-blob: vault secret holding a SAS token')
    .option('--endpoint <url>', 's3: endpoint of an S3-compatible server').option('--bucket <b>', 's3: bucket').option('--region <r>', 's3: region'))
    .action(async (name: string, o: RegisterOptions, cmd: Command) => registerStore(cmd, name, o));
  withOutput(command.command('list').description('List datastores')).action(async (_o: unknown, cmd: Command) => list(cmd));
  withOutput(command.command('show').argument('<name>').description('Show a datastore (never a credential)'))
    .action(async (name: string, _o: unknown, cmd: Command) => printData(cmd, await (await connect(cmd)).workspace.datastores.get(name), (d) => datastoreTable([d])));
  withOutput(command.command('set-default').argument('<name>').description("Make a datastore the workspace's default"))
    .action(async (name: string, _o: unknown, cmd: Command) => printData(cmd, await (await connect(cmd)).workspace.datastores.setDefault(name), (d) => datastoreTable([d])));
  command.command('delete').argument('<name>').description('Unregister a datastore (refused while datasets reference it); its data stays')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await (await connect(cmd)).workspace.datastores.delete(name);
      note(`Unregistered datastore ${name}`);
    });
  command.command('upload').argument('<name>').argument('<src>').description('Upload a file or folder (skips files already there with the same size; verifies hashes)')
    .option('--target <path>', 'path on the datastore', '')
    .action(async (name: string, src: string, o: { target: string }, cmd: Command) => (await import('./datastore-transfer.js')).upload(cmd, name, src, o.target));
  command.command('download').argument('<name>').argument('<dest>').description('Download files under a prefix (skips files already complete; verifies sizes)')
    .option('--prefix <path>', 'path prefix on the datastore', '')
    .action(async (name: string, dest: string, o: { prefix: string }, cmd: Command) => (await import('./datastore-transfer.js')).download(cmd, name, o.prefix, dest));
}

/** Datastores as a table. */
export function datastoreTable(items: Datastore[], now = Date.now()): string {
  return renderTable(['NAME', 'TYPE', 'DEFAULT', 'LOCATION', 'SECRETS', 'CREATED'], items.map((d) => [
    d.name, d.type, d.isDefault ? 'yes' : '', Object.entries(d.location).map(([k, v]) => `${k}=${v}`).join(' '), d.secretNames.join(','), formatTime(d.createdAt, now),
  ]));
}

function registration(name: string, o: RegisterOptions): RegisterDatastore {
  if (o.type === 'local') return { type: 'local', name, path: o.path ?? '' };
  if (o.type === 'azure-blob') return { type: 'azure-blob', name, accountUrl: o.accountUrl ?? '', container: o.container ?? '', keySecret: o.keySecret, sasSecret: o.sasSecret };
  return { type: 's3', name, endpoint: o.endpoint, bucket: o.bucket ?? '', region: o.region, keySecret: o.keySecret ?? '' } as RegisterDatastore;
}

async function registerStore(cmd: Command, name: string, o: RegisterOptions): Promise<void> {
  const { workspace } = await connect(cmd);
  const made = await workspace.datastores.register(registration(name, o));
  printData(cmd, made, (d) => datastoreTable([d]));
}

async function list(cmd: Command): Promise<void> {
  const { workspace } = await connect(cmd);
  printData(cmd, await workspace.datastores.list(), datastoreTable);
}
