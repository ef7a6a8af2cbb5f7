/** Datastore rules: registration checks reachability, credentials are read from the vault only to open storage. */
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { ConflictError, InputError, NotFoundError, WORKSPACE_BLOB_STORE, type Datastore, type RegisterDatastore } from '@cairn/api';
import { AzureBlobStore } from '../blobs/azure-blob-store.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { LocalBlobStore } from '../blobs/local-blob-store.js';
import { PrefixedBlobStore } from '../blobs/prefixed-blob-store.js';
import { S3BlobStore } from '../blobs/s3-blob-store.js';
import type { WorkspaceRef } from '../http/implement.js';
import type { DatastoreRecord, DatastoreStore } from './datastore-store.js';

/** Reads a vault secret's value for server-side use. */
export type SecretReader = (workspaceId: number, name: string) => Promise<string>;

/** A datastore opened for reading and writing bytes. */
export interface OpenDatastore {
  record: DatastoreRecord;
  store: BlobStore;
}

type Registration = RegisterDatastore & { region?: string };

export class DatastoreService {
  constructor(
    private readonly store: DatastoreStore,
    /** The workspace's own blob store; each workspace's default datastore lives under its own prefix. */
    private readonly workspaceBlobs: BlobStore,
    private readonly readSecret: SecretReader,
    private readonly now: () => number = Date.now,
  ) {}

  /** Registers a datastore after checking its storage answers with the given credentials. */
  async register(workspace: WorkspaceRef, input: Registration): Promise<Datastore> {
    if (input.name === WORKSPACE_BLOB_STORE) throw new ConflictError('DATASTORE_EXISTS', `${WORKSPACE_BLOB_STORE} is the workspace's own datastore; pick another name`);
    await this.ensureWorkspaceStore(workspace.id);
    const record = { workspaceId: workspace.id, name: input.name, type: input.type, ...describe(input), isDefault: false, createdAt: this.now() };
    const opened = await this.openRecord({ ...record, id: 0 });
    await probe(opened, input);
    if (!(await this.store.insert(record))) throw new ConflictError('DATASTORE_EXISTS', `datastore ${input.name} already exists in workspace ${workspace.name}`);
    return this.get(workspace, input.name);
  }

  /** Every datastore, the workspace's own first created on first use. */
  async list(workspace: WorkspaceRef): Promise<Datastore[]> {
    await this.ensureWorkspaceStore(workspace.id);
    return (await this.store.list(workspace.id)).map(toDatastore);
  }

  /** One datastore, never a credential. */
  async get(workspace: WorkspaceRef, name: string): Promise<Datastore> {
    return toDatastore(await this.record(workspace, name));
  }

  /** Makes a datastore the default (the one datasets use when none is named). */
  async setDefault(workspace: WorkspaceRef, name: string): Promise<Datastore> {
    await this.record(workspace, name);
    await this.store.setDefault(workspace.id, name);
    return this.get(workspace, name);
  }

  /** Unregisters a datastore unless it is the default or dataset versions reference it. */
  async delete(workspace: WorkspaceRef, name: string): Promise<void> {
    const record = await this.record(workspace, name);
    if (record.isDefault) throw new ConflictError('DATASTORE_IN_USE', `datastore ${name} is the default of workspace ${workspace.name}; make another the default first`, { datasets: [] });
    const datasets = await this.store.referencingDatasets(record.id);
    if (datasets.length > 0) {
      throw new ConflictError('DATASTORE_IN_USE', `datastore ${name} is referenced by dataset versions ${datasets.join(', ')}; delete them first`, { datasets });
    }
    await this.store.delete(workspace.id, name);
  }

  /** Opens a datastore by name (the default when `name` is absent). */
  async open(workspace: WorkspaceRef, name?: string): Promise<OpenDatastore> {
    const record = name ? await this.record(workspace, name) : await this.defaultRecord(workspace);
    return { record, store: await this.openRecord(record) };
  }

  /** Opens a datastore by its id (a dataset version's datastore). */
  async openById(id: number): Promise<OpenDatastore> {
    const record = await this.store.byId(id);
    if (!record) throw new NotFoundError('DATASTORE_NOT_FOUND', `datastore #${id} no longer exists`);
    return { record, store: await this.openRecord(record) };
  }

  private async defaultRecord(workspace: WorkspaceRef): Promise<DatastoreRecord> {
    await this.ensureWorkspaceStore(workspace.id);
    const found = (await this.store.list(workspace.id)).find((d) => d.isDefault);
    return found ?? this.record(workspace, WORKSPACE_BLOB_STORE);
  }

  private async record(workspace: WorkspaceRef, name: string): Promise<DatastoreRecord> {
    await this.ensureWorkspaceStore(workspace.id);
    const record = await this.store.get(workspace.id, name);
    if (!record) throw new NotFoundError('DATASTORE_NOT_FOUND', `no datastore named ${name} in workspace ${workspace.name}; list them with \`cairn datastore list\``);
    return record;
  }

  /** The workspace's own datastore row; inserting twice is a no-op. */
  private async ensureWorkspaceStore(workspaceId: number): Promise<void> {
    const isDefault = (await this.store.list(workspaceId)).length === 0;
    if (!isDefault) return;
    await this.store.insert({ workspaceId, name: WORKSPACE_BLOB_STORE, type: 'workspace', location: { prefix: `datastores/${workspaceId}` }, secretNames: {}, isDefault, createdAt: this.now() });
  }

  private async openRecord(record: DatastoreRecord): Promise<BlobStore> {
    const { location: l, secretNames: s } = record;
    const secret = (key: string) => (s[key] ? this.readSecret(record.workspaceId, s[key]) : Promise.resolve(undefined));
    switch (record.type) {
      case 'workspace': return new PrefixedBlobStore(this.workspaceBlobs, l.prefix as string);
      case 'local': return new LocalBlobStore(l.path as string);
      case 'azure-blob':
        return new AzureBlobStore({ accountUrl: l.accountUrl as string, container: l.container as string, accountKey: await secret('key'), sasToken: await secret('sas') });
      case 's3': {
        const [accessKeyId, secretAccessKey] = splitKey(await secret('key'), s.key as string);
        return new S3BlobStore({ bucket: l.bucket as string, endpoint: l.endpoint, region: l.region, accessKeyId, secretAccessKey });
      }
    }
  }
}

/** Location and secret names of a registration: what is stored, never a value. */
function describe(input: Registration): Pick<DatastoreRecord, 'location' | 'secretNames'> {
  switch (input.type) {
    case 'local':
      if (!isAbsolute(input.path)) throw new InputError('INVALID_INPUT', `a local datastore path must be absolute on the server: ${input.path}`);
      return { location: { path: input.path }, secretNames: {} };
    case 'azure-blob': {
      if (!input.keySecret === !input.sasSecret) throw new InputError('INVALID_INPUT', 'an azure-blob datastore takes exactly one of --key-secret or --sas-secret');
      const secretNames: Record<string, string> = input.keySecret ? { key: input.keySecret } : { sas: input.sasSecret as string };
      return { location: { accountUrl: input.accountUrl, container: input.container }, secretNames };
    }
    case 's3':
      return { location: { bucket: input.bucket, region: input.region ?? 'us-east-1', ...(input.endpoint ? { endpoint: input.endpoint } : {}) }, secretNames: { key: input.keySecret } };
  }
}

/** An S3 key secret holds `ACCESS_KEY_ID:SECRET_ACCESS_KEY`. */
function splitKey(value: string | undefined, secretName: string): [string, string] {
  const at = value?.indexOf(':') ?? -1;
  if (!value || at <= 0) throw new InputError('INVALID_INPUT', `vault secret ${secretName} must hold ACCESS_KEY_ID:SECRET_ACCESS_KEY`);
  return [value.slice(0, at), value.slice(at + 1)];
}

/** Touches the storage once so a wrong path, endpoint or credential fails at registration. */
async function probe(opened: BlobStore, input: Registration): Promise<void> {
  if (input.type === 'local') {
    const info = await stat(input.path).catch(() => null);
    if (!info?.isDirectory()) throw new InputError('INVALID_INPUT', `local datastore path ${input.path} is not a directory on the server`);
    return;
  }
  try {
    for await (const _ of opened.list('')) break;
  } catch (error) {
    const status = (error as { statusCode?: number; $metadata?: { httpStatusCode?: number } });
    if ((status.statusCode ?? status.$metadata?.httpStatusCode) === 404) {
      const where = input.type === 's3' ? `bucket ${input.bucket}` : `container ${input.container}`;
      throw new InputError('INVALID_INPUT', `the ${where} does not exist on ${input.type === 's3' ? input.endpoint ?? 'S3' : input.accountUrl}`);
    }
    throw error;
  }
}

function toDatastore(r: DatastoreRecord): Datastore {
  return { name: r.name, type: r.type, isDefault: r.isDefault, location: r.location, secretNames: Object.values(r.secretNames), createdAt: r.createdAt };
}
