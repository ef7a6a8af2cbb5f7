/**
 * The model registry: named, versioned sets of files with framework, tags, write-once properties and
 * lineage. A version references content-addressed blobs (a run's outputs or uploaded local files), so
 * registering copies nothing. `N`, `N:V` and `N@alias` name a version wherever a model is referenced.
 */
import { z } from 'zod';
import { PageQuery, StringMap, Time, WorkspaceParams, pageOf } from '../common.js';
import { defineRoute } from '../route.js';

/** v1's model name rule (reference §9.2). */
export const MODEL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,254}$/;
const MODEL_NAME_RULE = '1-255 characters: letters, digits, "-", "." and "_", starting with a letter or digit';
/** Alias names start with a letter, so `N@production` never reads as a version. */
export const ALIAS_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;
const ALIAS_RULE = '1-64 characters: letters, digits, "_" and "-", starting with a letter';

const named = (pattern: RegExp, rule: string) =>
  z.string().refine((v) => pattern.test(v), { message: `must be ${rule}`, params: { code: 'INVALID_NAME' } });
export const modelNameSchema = named(MODEL_NAME, MODEL_NAME_RULE);
export const aliasNameSchema = named(ALIAS_NAME, ALIAS_RULE);

export const modelFrameworks = ['Custom', 'ScikitLearn', 'Onnx', 'PyTorch', 'TensorFlow', 'TfKeras', 'Multi'] as const;
export const ModelFramework = z.enum(modelFrameworks);
export type ModelFramework = z.infer<typeof ModelFramework>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** One file of a model version; `path` is relative to the version directory and starts with the registered file or folder name. */
export const ModelFile = z.object({ path: z.string(), sha256: Sha256, size: z.number().int() });
export type ModelFile = z.infer<typeof ModelFile>;

export const Model = z.object({
  /** `name:version`, as v1's `Model.id`. */
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  description: z.string(),
  framework: ModelFramework,
  frameworkVersion: z.string().nullable(),
  runId: z.string().nullable(),
  experiment: z.string().nullable(),
  createdAt: Time,
  createdBy: z.string(),
  tags: StringMap,
  properties: StringMap,
  /** Dataset references as given (issue 7 links them to datasets). */
  datasets: z.array(z.string()),
  /** Aliases pointing at this version. */
  aliases: z.array(z.string()),
  fileCount: z.number().int(),
  size: z.number().int(),
});
export type Model = z.infer<typeof Model>;

/** Something serving a model version, as the endpoints service reports it. */
export const ModelUser = z.object({ endpoint: z.string(), deployment: z.string(), active: z.boolean() });
export type ModelUser = z.infer<typeof ModelUser>;

export const ModelDetail = Model.extend({
  files: z.array(ModelFile),
  lineage: z.object({
    run: z.object({ id: z.string(), experiment: z.string(), status: z.string(), displayName: z.string() }).nullable(),
    datasets: z.array(z.string()),
    endpoints: z.array(ModelUser),
  }),
});
export type ModelDetail = z.infer<typeof ModelDetail>;

export const modelEventKinds = ['registered', 'updated', 'aliased', 'unaliased', 'deleted'] as const;
export const ModelEvent = z.object({
  id: z.number().int(),
  kind: z.enum(modelEventKinds),
  name: z.string(),
  version: z.number().int().nullable(),
  alias: z.string().nullable(),
  actor: z.string(),
  createdAt: Time,
});
export type ModelEvent = z.infer<typeof ModelEvent>;

export const ModelAlias = z.object({ alias: z.string(), version: z.number().int(), updatedAt: Time });
export type ModelAlias = z.infer<typeof ModelAlias>;

/** Tags or properties of a version: up to 1,000 entries, keys up to 255 and values up to 5,000 characters (as runs). */
const stringMap = z.record(z.string().min(1).max(255), z.string().max(5000).nullable())
  .refine((map) => Object.keys(map).length <= 1000, { message: 'must hold at most 1,000 entries' });

export const RegisterModel = z.object({
  name: modelNameSchema,
  /** From a run: `path` is a file or folder of the run's files (`outputs/model.pkl`). */
  runId: z.string().min(1).max(256).optional(),
  path: z.string().min(1).max(5000).optional(),
  /** From local files already uploaded as blobs: paths start with the file or folder name. */
  files: z.array(ModelFile.omit({ size: true })).min(1).max(100_000).optional(),
  framework: ModelFramework.optional(),
  frameworkVersion: z.string().min(1).max(100).optional(),
  description: z.string().max(5000).default(''),
  tags: stringMap.default({}),
  properties: stringMap.default({}),
  datasets: z.array(z.string().min(1).max(1000)).max(100).default([]),
});
export type RegisterModel = z.input<typeof RegisterModel>;

/** A tag or property filter item: `k` (present) or `k=v` (equal); repeat for AND. */
const filterItems = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])).optional();

export const ListModelsQuery = PageQuery.extend({
  name: z.string().max(255).optional(),
  tag: filterItems,
  property: filterItems,
  runId: z.string().max(256).optional(),
  framework: ModelFramework.optional(),
  latest: z.enum(['true', 'false']).optional(),
});

export const UpdateModel = z.object({
  description: z.string().max(5000).optional(),
  setTags: stringMap.default({}),
  removeTags: z.array(z.string()).max(1000).default([]),
  /** Add-only: a key that already holds another value is PROPERTY_IMMUTABLE. */
  addProperties: stringMap.default({}),
});

const RefParams = WorkspaceParams.extend({ ref: z.string().min(1).max(400) });
const NameParams = WorkspaceParams.extend({ name: modelNameSchema });
const VersionParams = NameParams.extend({ version: z.coerce.number().int().min(1) });
const AliasParams = NameParams.extend({ alias: aliasNameSchema });

export const modelRoutes = {
  register: defineRoute({
    id: 'models.register', method: 'POST', path: '/workspaces/{workspace}/models',
    summary: "Register a new version of a model from a run's files or from uploaded blobs", action: 'runs.write',
    params: WorkspaceParams, body: RegisterModel, response: Model, status: 201,
  }),
  list: defineRoute({
    id: 'models.list', method: 'GET', path: '/workspaces/{workspace}/models',
    summary: 'List model versions, by name, tags (k or k=v), properties, run, framework; latest only', action: 'runs.read',
    params: WorkspaceParams, query: ListModelsQuery, response: pageOf(Model),
  }),
  get: defineRoute({
    id: 'models.get', method: 'GET', path: '/workspaces/{workspace}/models/{ref}',
    summary: 'Show a model version (N latest, N:V, N@alias) with its files and lineage', action: 'runs.read',
    params: RefParams, response: ModelDetail,
  }),
  update: defineRoute({
    id: 'models.update', method: 'PATCH', path: '/workspaces/{workspace}/models/{name}/versions/{version}',
    summary: 'Change description and tags; add properties', action: 'runs.write', params: VersionParams, body: UpdateModel, response: Model,
  }),
  delete: defineRoute({
    id: 'models.delete', method: 'DELETE', path: '/workspaces/{workspace}/models/{name}/versions/{version}',
    summary: 'Delete a model version (MODEL_IN_USE while an active deployment serves it)', action: 'runs.write', params: VersionParams,
  }),
  download: defineRoute({
    id: 'models.download', method: 'GET', path: '/workspaces/{workspace}/models/{name}/versions/{version}/files/{path+}',
    summary: 'Download one file of a model version', action: 'runs.read',
    params: VersionParams.extend({ path: z.string().min(1).max(5000) }), responseKind: 'bytes',
  }),
  aliases: defineRoute({
    id: 'models.aliases', method: 'GET', path: '/workspaces/{workspace}/models/{name}/aliases',
    summary: "A model's aliases and the versions they point at", action: 'runs.read', params: NameParams,
    response: z.object({ items: z.array(ModelAlias) }),
  }),
  setAlias: defineRoute({
    id: 'models.setAlias', method: 'PUT', path: '/workspaces/{workspace}/models/{name}/aliases/{alias}',
    summary: 'Point an alias at a version (endpoints following it move too)', action: 'runs.write', params: AliasParams,
    body: z.object({ version: z.number().int().min(1) }), response: ModelAlias,
  }),
  deleteAlias: defineRoute({
    id: 'models.deleteAlias', method: 'DELETE', path: '/workspaces/{workspace}/models/{name}/aliases/{alias}',
    summary: 'Remove an alias', action: 'runs.write', params: AliasParams,
  }),
  workspaceEvents: defineRoute({
    id: 'models.workspaceEvents', method: 'GET', path: '/workspaces/{workspace}/model-events',
    summary: "Every model's events in the workspace, oldest first, after an event id (for feeds and webhooks)", action: 'runs.read',
    params: WorkspaceParams, query: z.object({ after: z.coerce.number().int().min(0).optional() }), response: z.object({ items: z.array(ModelEvent) }),
  }),
  events: defineRoute({
    id: 'models.events', method: 'GET', path: '/workspaces/{workspace}/models/{name}/events',
    summary: "A model's events (registered, updated, aliased, unaliased, deleted), oldest first", action: 'runs.read', params: NameParams,
    query: z.object({ after: z.coerce.number().int().min(0).optional() }), response: z.object({ items: z.array(ModelEvent) }),
  }),
};
