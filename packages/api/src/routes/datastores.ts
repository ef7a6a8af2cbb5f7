/**
 * Datastores: how the workspace reaches data where it lives (a server directory, an Azure Blob
 * container, an S3 bucket, or the workspace's own blob store). Credentials are vault secret names,
 * resolved on the server; no route ever returns a credential.
 */
import { z } from 'zod';
import { Time, WorkspaceParams } from '../common.js';
import { defineRoute } from '../route.js';

/** v1's datastore name rule (reference §7.1): lowercase letters, digits, underscores. */
export const DATASTORE_NAME = /^[a-z0-9_]{1,255}$/;
/** The datastore every workspace has, backed by its own blob store. */
export const WORKSPACE_BLOB_STORE = 'workspaceblobstore';

export const datastoreNameSchema = z.string().refine((v) => DATASTORE_NAME.test(v), {
  message: 'must be 1-255 characters: lowercase letters, digits and "_"', params: { code: 'INVALID_NAME' },
});

export const datastoreTypes = ['workspace', 'local', 'azure-blob', 's3'] as const;
export type DatastoreType = (typeof datastoreTypes)[number];

const secretName = z.string().min(1).max(255);

/** How to register one; `keySecret`/`sasSecret` name vault secrets holding the credential. */
export const RegisterDatastore = z.discriminatedUnion('type', [
  z.object({ type: z.literal('local'), name: datastoreNameSchema, path: z.string().min(1).max(4096) }),
  z.object({
    type: z.literal('azure-blob'), name: datastoreNameSchema, accountUrl: z.url(), container: z.string().min(3).max(63),
    keySecret: secretName.optional(), sasSecret: secretName.optional(),
  }),
  z.object({
    type: z.literal('s3'), name: datastoreNameSchema, endpoint: z.url().optional(), bucket: z.string().min(1).max(255),
    region: z.string().min(1).max(64).default('us-east-1'),
    /** A secret holding `ACCESS_KEY_ID:SECRET_ACCESS_KEY`. */
    keySecret: secretName,
  }),
]);
export type RegisterDatastore = z.input<typeof RegisterDatastore>;

export const Datastore = z.object({
  name: z.string(),
  type: z.enum(datastoreTypes),
  isDefault: z.boolean(),
  /** Where the data lives (path, account URL and container, endpoint and bucket); never a credential. */
  location: z.record(z.string(), z.string()),
  /** Names of the vault secrets it reads, not their values. */
  secretNames: z.array(z.string()),
  createdAt: Time,
});
export type Datastore = z.infer<typeof Datastore>;

export const DatastoreFile = z.object({ path: z.string(), size: z.number().int() });
export type DatastoreFile = z.infer<typeof DatastoreFile>;

// Path names are not held to the naming rule: an unknown name is DATASTORE_NOT_FOUND, checked after authorization.
const NameParams = WorkspaceParams.extend({ name: z.string().min(1).max(255) });
const FileParams = NameParams.extend({ path: z.string().min(1).max(5000) });

export const datastoreRoutes = {
  register: defineRoute({
    id: 'datastores.register', method: 'POST', path: '/workspaces/{workspace}/datastores',
    summary: 'Register a datastore (local directory, Azure Blob container or S3 bucket); checks it can be reached',
    action: 'workspace.write', params: WorkspaceParams, body: RegisterDatastore, response: Datastore, status: 201,
  }),
  list: defineRoute({
    id: 'datastores.list', method: 'GET', path: '/workspaces/{workspace}/datastores', summary: "List the workspace's datastores",
    action: 'workspace.read', params: WorkspaceParams, response: z.object({ items: z.array(Datastore) }),
  }),
  get: defineRoute({
    id: 'datastores.get', method: 'GET', path: '/workspaces/{workspace}/datastores/{name}', summary: 'Show a datastore (never a credential)',
    action: 'workspace.read', params: NameParams, response: Datastore,
  }),
  setDefault: defineRoute({
    id: 'datastores.setDefault', method: 'POST', path: '/workspaces/{workspace}/datastores/{name}/default',
    summary: "Make a datastore the workspace's default", action: 'workspace.write', params: NameParams, response: Datastore,
  }),
  delete: defineRoute({
    id: 'datastores.delete', method: 'DELETE', path: '/workspaces/{workspace}/datastores/{name}',
    summary: 'Unregister a datastore (DATASTORE_IN_USE while the default or referenced by dataset versions); its data stays',
    action: 'workspace.write', params: NameParams, responseKind: 'empty', status: 204,
  }),
  files: defineRoute({
    id: 'datastores.files', method: 'GET', path: '/workspaces/{workspace}/datastores/{name}/files',
    summary: 'List the files under a prefix of a datastore, in path order', action: 'runs.read', params: NameParams,
    query: z.object({ prefix: z.string().max(5000).optional() }), response: z.object({ items: z.array(DatastoreFile) }),
  }),
  upload: defineRoute({
    id: 'datastores.upload', method: 'PUT', path: '/workspaces/{workspace}/datastores/{name}/files/{path+}',
    summary: 'Upload one file to a datastore (streamed; the object appears whole or not at all)',
    action: 'runs.write', params: FileParams, bodyKind: 'stream',
    query: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/).optional() }), response: DatastoreFile, status: 201,
  }),
  download: defineRoute({
    id: 'datastores.download', method: 'GET', path: '/workspaces/{workspace}/datastores/{name}/files/{path+}',
    summary: 'Download one file of a datastore (Range supported, so a download resumes)', action: 'runs.read', params: FileParams, responseKind: 'bytes',
  }),
};
