import { z } from 'zod';
import { PageQuery, StringMap, Time, WorkspaceParams, pageOf } from '../common.js';
import { nameSchema } from '../names.js';
import { defineRoute } from '../route.js';
import { runStatuses } from '../status.js';

export const RunStatusSchema = z.enum(runStatuses);

export const RunError = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

export const Run = z.object({
  id: z.string(),
  workspace: z.string(),
  experiment: z.string(),
  number: z.number().int(),
  displayName: z.string(),
  description: z.string(),
  type: z.string(),
  status: RunStatusSchema,
  statusReason: z.string().nullable(),
  parentRunId: z.string().nullable(),
  rootRunId: z.string(),
  computeTarget: z.string(),
  createdBy: z.string(),
  createdAt: Time,
  startedAt: Time.nullable(),
  endedAt: Time.nullable(),
  /** Seconds from start to end (or to now while running); null before start. */
  durationSeconds: z.number().nullable(),
  tags: StringMap,
  properties: StringMap,
  error: RunError.nullable(),
});
export type Run = z.infer<typeof Run>;

/**
 * Tags or properties sent in one call. Their limits are per run (1,000 entries, keys up to 255 and
 * values up to 5,000 characters) and the server answers LIMIT_EXCEEDED beyond them, so the schema
 * only rejects what no run could hold.
 */
const stringMap = z.record(z.string().min(1), z.string().nullable());

export const CreateRun = z.object({
  experiment: nameSchema('experiment'),
  /** Client-chosen id (v1's `run_id`); generated when absent. */
  id: nameSchema('runId').optional(),
  displayName: z.string().max(256).optional(),
  description: z.string().max(5000).default(''),
  type: z.string().max(100).default('cairn.run'),
  parentRunId: z.string().optional(),
  /** `Running` for interactive runs (start_logging, child_run); `NotStarted` otherwise. */
  status: z.enum(['NotStarted', 'Running']).default('NotStarted'),
  computeTarget: z.string().max(100).default('local'),
  tags: stringMap.default({}),
  properties: stringMap.default({}),
});

export const RunParams = WorkspaceParams.extend({ runId: z.string().min(1).max(256) });

export const UpdateRun = z.object({
  displayName: z.string().max(256).optional(),
  description: z.string().max(5000).optional(),
  status: RunStatusSchema.optional(),
  statusReason: z.string().max(1000).nullable().optional(),
  error: RunError.optional(),
});

export const CreateChildren = z.union([
  z.object({ count: z.number().int().min(1).max(100) }),
  z.object({ tagKey: z.string().min(1).max(100), tagValues: z.array(z.string().max(1000)).min(1).max(100) }),
]);

export const ListRunsQuery = PageQuery.extend({
  experiment: z.string().optional(),
  filter: z.string().max(10_000).optional(),
  orderBy: z.string().max(1000).optional(),
  /** Include child runs (by default only top-level runs are listed). */
  includeChildren: z.enum(['true', 'false']).optional(),
  parentRunId: z.string().optional(),
});

export const runRoutes = {
  create: defineRoute({
    id: 'runs.create', method: 'POST', path: '/workspaces/{workspace}/runs', summary: 'Create a run (and its experiment on first use)',
    action: 'runs.write', params: WorkspaceParams, body: CreateRun, response: Run, status: 201,
  }),
  list: defineRoute({
    id: 'runs.list', method: 'GET', path: '/workspaces/{workspace}/runs',
    summary: 'Search runs: filter on latest metrics, tags, properties, status, times and names; sort; paginate',
    action: 'runs.read', params: WorkspaceParams, query: ListRunsQuery, response: pageOf(Run),
  }),
  get: defineRoute({
    id: 'runs.get', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}', summary: 'Show a run',
    action: 'runs.read', params: RunParams, response: Run,
  }),
  update: defineRoute({
    id: 'runs.update', method: 'PATCH', path: '/workspaces/{workspace}/runs/{runId}',
    summary: 'Change display name, description or status (forward moves only)',
    action: 'runs.write', params: RunParams, body: UpdateRun, response: Run,
  }),
  cancel: defineRoute({
    id: 'runs.cancel', method: 'POST', path: '/workspaces/{workspace}/runs/{runId}/cancel', summary: 'Cancel a run',
    action: 'runs.write', params: RunParams, response: Run,
  }),
  setTags: defineRoute({
    id: 'runs.setTags', method: 'PATCH', path: '/workspaces/{workspace}/runs/{runId}/tags', summary: 'Set (merge) and remove tags',
    action: 'runs.write', params: RunParams,
    body: z.object({ set: stringMap.default({}), remove: z.array(z.string()).max(1000).default([]) }),
    response: z.object({ tags: StringMap }),
  }),
  addProperties: defineRoute({
    id: 'runs.addProperties', method: 'POST', path: '/workspaces/{workspace}/runs/{runId}/properties',
    summary: 'Add write-once properties; a key that has a different value is a 409',
    action: 'runs.write', params: RunParams, body: z.object({ properties: stringMap }),
    response: z.object({ properties: StringMap }),
  }),
  createChildren: defineRoute({
    id: 'runs.createChildren', method: 'POST', path: '/workspaces/{workspace}/runs/{runId}/children',
    summary: 'Create up to 100 running child runs in one call', action: 'runs.write', params: RunParams,
    body: CreateChildren, response: z.object({ items: z.array(Run) }), status: 201,
  }),
  listChildren: defineRoute({
    id: 'runs.listChildren', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/children',
    summary: 'List child runs (all descendants with recursive=true)', action: 'runs.read', params: RunParams,
    query: z.object({ recursive: z.enum(['true', 'false']).optional() }), response: z.object({ items: z.array(Run) }),
  }),
};
