/**
 * Versioned datasets: a copy of metadata (which files, their size, etag/mtime and hash), not of data.
 * File datasets list files; tabular datasets add a schema and a profile computed by a background job
 * that records its status and log like a run. A run's inputs and outputs are linked as lineage.
 */
import { z } from 'zod';
import { Time, WorkspaceParams } from '../common.js';
import { defineRoute } from '../route.js';
import { datastoreNameSchema } from './datastores.js';

export const DATASET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,254}$/;
export const datasetNameSchema = z.string().refine((v) => DATASET_NAME.test(v), {
  message: 'must be 1-255 characters: letters, digits, "-", "." and "_", starting with a letter or digit', params: { code: 'INVALID_NAME' },
});

export const DatasetFile = z.object({ path: z.string(), size: z.number().int(), etag: z.string().nullable(), sha256: z.string().nullable() });
export type DatasetFile = z.infer<typeof DatasetFile>;

export const ColumnProfile = z.object({
  name: z.string(),
  type: z.enum(['integer', 'number', 'boolean', 'string']),
  missing: z.number().int(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  distinct: z.number().int(),
  top: z.array(z.object({ value: z.string(), count: z.number().int() })),
});
export type ColumnProfile = z.infer<typeof ColumnProfile>;

export const profileStatuses = ['NotStarted', 'Running', 'Completed', 'Failed'] as const;
export const DatasetProfile = z.object({
  status: z.enum(profileStatuses),
  rowCount: z.number().int().nullable(),
  columns: z.array(ColumnProfile),
  /** The job's log lines, as a run's log. */
  log: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
});
export type DatasetProfile = z.infer<typeof DatasetProfile>;

export const DatasetRunLink = z.object({ runId: z.string(), direction: z.enum(['input', 'output']), name: z.string() });

export const Dataset = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  kind: z.enum(['file', 'tabular']),
  datastore: z.string(),
  path: z.string(),
  separator: z.string().nullable(),
  description: z.string(),
  fileCount: z.number().int(),
  size: z.number().int(),
  createdAt: Time,
  createdBy: z.string(),
});
export type Dataset = z.infer<typeof Dataset>;

export const DatasetDetail = Dataset.extend({
  sample: z.array(z.string()),
  lineage: z.array(DatasetRunLink),
  profile: DatasetProfile.nullable(),
});
export type DatasetDetail = z.infer<typeof DatasetDetail>;

export const CreateDataset = z.object({
  name: datasetNameSchema,
  kind: z.enum(['file', 'tabular']).default('file'),
  datastore: datastoreNameSchema.optional(),
  /** A path or glob relative to the datastore root (`images/**\/*.png`). */
  path: z.string().min(1).max(4096),
  separator: z.enum([',', '\t', ';', '|']).optional(),
  description: z.string().max(5000).default(''),
});
export type CreateDataset = z.input<typeof CreateDataset>;

export const DatasetDiff = z.object({
  from: z.string(), to: z.string(),
  added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()), unchanged: z.number().int(),
});

/** A run input: a dataset version, downloaded before the script starts or (local datastores) linked read-only. */
export const RunInputSchema = z.strictObject({
  /** `N` (latest at submit) or `N:V`. */
  dataset: z.string().min(1).max(300),
  mode: z.enum(['download', 'mount']).default('download'),
});
/** A run output: a folder uploaded to `datastore:path` after the script ends, `{run-id}` filled in. */
export const RunOutputSchema = z.strictObject({
  datastore: z.string().min(1).max(255).default('workspaceblobstore'),
  path: z.string().min(1).max(4096).default('dataset/{run-id}/{output-name}'),
  /** Register what was uploaded as a new version of this dataset at the end of the run. */
  register: datasetNameSchema.optional(),
});
export type RunInput = z.infer<typeof RunInputSchema>;
export type RunOutput = z.infer<typeof RunOutputSchema>;

export const LinkRunDataset = z.object({ ref: z.string().min(1).max(300), direction: z.enum(['input', 'output']), name: z.string().min(1).max(255) });

const NameParams = WorkspaceParams.extend({ name: datasetNameSchema });
const RefParams = WorkspaceParams.extend({ ref: z.string().min(1).max(300) });
const VersionParams = NameParams.extend({ version: z.coerce.number().int().min(1) });

export const datasetRoutes = {
  create: defineRoute({
    id: 'datasets.create', method: 'POST', path: '/workspaces/{workspace}/datasets',
    summary: 'Create a dataset version from a path or glob on a datastore; identical content returns the existing version (200)',
    action: 'runs.write', params: WorkspaceParams, body: CreateDataset, response: Dataset.extend({ created: z.boolean() }), status: 201,
  }),
  list: defineRoute({
    id: 'datasets.list', method: 'GET', path: '/workspaces/{workspace}/datasets', summary: 'List dataset versions, newest first',
    action: 'runs.read', params: WorkspaceParams, query: z.object({ name: z.string().max(255).optional() }), response: z.object({ items: z.array(Dataset) }),
  }),
  get: defineRoute({
    id: 'datasets.get', method: 'GET', path: '/workspaces/{workspace}/datasets/{ref}',
    summary: 'Show a dataset version (N latest or N:V): files sample, profile, lineage', action: 'runs.read', params: RefParams, response: DatasetDetail,
  }),
  files: defineRoute({
    id: 'datasets.files', method: 'GET', path: '/workspaces/{workspace}/datasets/{ref}/files',
    summary: 'Every file a dataset version recorded', action: 'runs.read', params: RefParams, response: z.object({ items: z.array(DatasetFile) }),
  }),
  csv: defineRoute({
    id: 'datasets.csv', method: 'GET', path: '/workspaces/{workspace}/datasets/{ref}/csv',
    summary: 'A tabular dataset version\'s rows as one CSV (header once; Parquet converted), for clients without a Parquet reader',
    action: 'runs.read', params: RefParams, responseKind: 'bytes',
  }),
  diff: defineRoute({
    id: 'datasets.diff', method: 'GET', path: '/workspaces/{workspace}/datasets/{ref}/diff',
    summary: 'Files added, removed and changed between two versions', action: 'runs.read', params: RefParams,
    // `to` is required; the handler says so after authorization.
    query: z.object({ to: z.string().min(1).max(300).optional() }), response: DatasetDiff,
  }),
  linkRun: defineRoute({
    id: 'datasets.linkRun', method: 'POST', path: '/workspaces/{workspace}/runs/{runId}/datasets',
    summary: 'Record that a run read (input) or wrote (output) a dataset version', action: 'runs.write',
    params: WorkspaceParams.extend({ runId: z.string().min(1).max(256) }), body: LinkRunDataset, response: Dataset,
  }),
  delete: defineRoute({
    id: 'datasets.delete', method: 'DELETE', path: '/workspaces/{workspace}/datasets/{name}/versions/{version}',
    summary: 'Delete a dataset version (DATASET_IN_USE while runs read or wrote it)', action: 'runs.write', params: VersionParams,
    responseKind: 'empty', status: 204,
  }),
};
