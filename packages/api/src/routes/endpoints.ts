/**
 * Real-time endpoints: a stable scoring URL with keys (or short-lived tokens) in front of one or more
 * deployments — model versions, an entry script from a snapshot, an environment and scale settings —
 * that share its traffic by weight. Scoring itself is not an API route: it lives at
 * `/endpoints/{workspace}/{name}/score`, authenticated by the endpoint's keys, never workspace tokens.
 */
import { z } from 'zod';
import { Time, WorkspaceParams } from '../common.js';
import { defineRoute } from '../route.js';

/** v1's service name rule (reference §10.3). */
export const ENDPOINT_NAME = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
const ENDPOINT_NAME_RULE = '3-32 characters: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit';
/** Deployment names (`blue`, `green`, …). */
export const DEPLOYMENT_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const DEPLOYMENT_NAME_RULE = '1-32 characters: lowercase letters, digits and "-", starting with a letter';

const named = (pattern: RegExp, rule: string) =>
  z.string().refine((v) => pattern.test(v), { message: `must be ${rule}`, params: { code: 'INVALID_NAME' } });
export const endpointNameSchema = named(ENDPOINT_NAME, ENDPOINT_NAME_RULE);
export const deploymentNameSchema = named(DEPLOYMENT_NAME, DEPLOYMENT_NAME_RULE);

/** A deployment's or endpoint's state, as v1 names them. */
export const EndpointState = z.enum(['Transitioning', 'Healthy', 'Unhealthy', 'Failed']);
export type EndpointState = z.infer<typeof EndpointState>;

/** How scoring clients authenticate: the endpoint's keys, or short-lived tokens from `endpoints.token`. */
export const EndpointAuth = z.enum(['key', 'token']);
export type EndpointAuth = z.infer<typeof EndpointAuth>;

/** Scale and gateway settings of a deployment (v1's AKS deployment configuration). */
export const DeploymentSettings = z.object({
  minReplicas: z.number().int().min(1).max(64).default(1),
  maxReplicas: z.number().int().min(1).max(64).default(4),
  targetUtilization: z.number().int().min(1).max(100).default(70),
  maxConcurrentRequestsPerReplica: z.number().int().min(1).max(1000).default(1),
  maxQueueWaitMs: z.number().int().min(1).max(3_600_000).default(500),
  scoringTimeoutMs: z.number().int().min(1).max(3_600_000).default(60_000),
});
export type DeploymentSettings = z.output<typeof DeploymentSettings>;

/** What a deployment runs: the body of `deploy` and of `create`'s first deployment. */
export const DeploymentInput = z.object({
  /** `N`, `N:V` or `N@alias`; an alias is followed when it moves. */
  models: z.array(z.string().min(1).max(400)).min(1).max(1000),
  /** The entry script (score.py), a file of `snapshotId`; omitted for a no-code ONNX model. */
  entryScript: z.string().min(1).max(1000).optional(),
  /** The source directory, uploaded as a snapshot (`POST /snapshots`). */
  snapshotId: z.string().regex(/^[0-9a-f]{64}$/, 'must be a snapshot id (64 hex digits)').optional(),
  /** `system`, `NAME` or `NAME:V`. */
  environment: z.string().min(1).max(200).default('system'),
  settings: DeploymentSettings.default(DeploymentSettings.parse({})),
  /** A sample request body: the swagger document's example, and run() once on it for the output example. */
  sampleInput: z.string().max(1_000_000).optional(),
  /** Record sampled requests and responses on the deployment (`endpoints.modelData`). */
  collectModelData: z.boolean().default(false),
});
export type DeploymentInput = z.input<typeof DeploymentInput>;

/** The replicas of a deployment right now. */
export const ReplicaCounts = z.object({ count: z.number().int(), ready: z.number().int(), busy: z.number().int(), queued: z.number().int() });

export const Deployment = z.object({
  name: z.string(),
  /** The references as given, and the versions they resolved to. */
  models: z.array(z.object({ ref: z.string(), name: z.string(), version: z.number().int() })),
  entryScript: z.string().nullable(),
  snapshotId: z.string().nullable(),
  environment: z.string(),
  settings: DeploymentSettings,
  collectModelData: z.boolean(),
  hasSampleInput: z.boolean(),
  /** State of the latest generation: Transitioning while it starts, Failed when it could not. */
  state: EndpointState,
  /** Why it failed: the end of the replica's log (an init() traceback shows there). */
  error: z.string().nullable(),
  /** Bumped by every update; `servingGeneration` is the one taking traffic (an older one while an update rolls). */
  generation: z.number().int(),
  servingGeneration: z.number().int().nullable(),
  replicas: ReplicaCounts,
  createdAt: Time,
  updatedAt: Time,
});
export type Deployment = z.infer<typeof Deployment>;

export const Endpoint = z.object({
  name: z.string(),
  description: z.string(),
  auth: EndpointAuth,
  /** Healthy when every deployment is; Transitioning while one starts; Failed when none serves. */
  state: EndpointState,
  /** Percent of requests per deployment; sums to 100 once any deployment exists. */
  traffic: z.record(z.string(), z.number().int()),
  scoringUrl: z.string(),
  swaggerUrl: z.string(),
  deployments: z.array(Deployment),
  createdAt: Time,
  createdBy: z.string(),
  updatedAt: Time,
});
export type Endpoint = z.infer<typeof Endpoint>;

/** `name=weight` pairs; weights are whole percentages summing to 100. */
export const Traffic = z.record(deploymentNameSchema, z.number().int().min(0).max(100));

export const CreateEndpoint = z.object({
  name: endpointNameSchema,
  description: z.string().max(5000).default(''),
  auth: EndpointAuth.default('key'),
  /** The first deployment's name. */
  deployment: deploymentNameSchema.default('default'),
}).extend(DeploymentInput.shape);
export type CreateEndpoint = z.input<typeof CreateEndpoint>;

export const DeployBody = DeploymentInput.extend({
  /** The split after this deployment is Healthy; default: unchanged, or 100 to a first deployment. */
  traffic: Traffic.optional(),
});
export type DeployBody = z.input<typeof DeployBody>;

export const EndpointKeys = z.object({ primaryKey: z.string(), secondaryKey: z.string() });
export const EndpointToken = z.object({ accessToken: z.string(), tokenType: z.literal('Bearer'), expiresOn: Time, refreshAfter: Time });

/** One line a replica (or the deployment's supervisor) wrote. */
export const EndpointLogLine = z.object({ seq: z.number().int(), at: Time, deployment: z.string(), replica: z.string(), line: z.string() });
export type EndpointLogLine = z.infer<typeof EndpointLogLine>;

const LatencyPercentiles = z.object({ p50: z.number(), p95: z.number(), p99: z.number() });
/** Telemetry of one deployment since its runtime started. */
export const DeploymentMetrics = z.object({
  deployment: z.string(),
  requests: z.number().int(),
  statusCodes: z.record(z.string(), z.number().int()),
  latencyMs: LatencyPercentiles,
  queueWaitMs: z.object({ p50: z.number(), p99: z.number() }),
  replicas: ReplicaCounts,
  replicaHistory: z.array(z.object({ at: Time, count: z.number().int() })),
});
export type DeploymentMetrics = z.infer<typeof DeploymentMetrics>;

/** A sampled request and its answer (`--collect-model-data`). */
export const ModelDataRecord = z.object({ at: Time, deployment: z.string(), status: z.number().int(), input: z.string(), output: z.string() });

export const InvokeBody = z.object({
  /** The request body, as a scoring client sends it (JSON text for v1 entry scripts). */
  body: z.string().max(100 * 1024 * 1024),
  /** Score this deployment, whatever the traffic split. */
  deployment: deploymentNameSchema.optional(),
});
export const InvokeResult = z.object({
  status: z.number().int(),
  /** run()'s answer: parsed JSON, or the text when it is not JSON. */
  body: z.unknown(),
  durationMs: z.number(),
});

const NameParams = WorkspaceParams.extend({ name: endpointNameSchema });
const DeploymentParams = NameParams.extend({ deployment: deploymentNameSchema });
const LogQuery = z.object({
  deployment: deploymentNameSchema.optional(),
  /** Lines after this sequence number. */
  after: z.coerce.number().int().min(0).optional(),
  /** The last `tail` lines (default 1,000). */
  tail: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export const endpointRoutes = {
  create: defineRoute({
    id: 'endpoints.create', method: 'POST', path: '/workspaces/{workspace}/endpoints',
    summary: 'Create an endpoint and start its first deployment (answers at once, Transitioning; poll get until Healthy or Failed)', action: 'runs.write',
    params: WorkspaceParams, body: CreateEndpoint, response: Endpoint, status: 201,
  }),
  list: defineRoute({
    id: 'endpoints.list', method: 'GET', path: '/workspaces/{workspace}/endpoints',
    summary: "The workspace's endpoints with their state, deployments and traffic", action: 'runs.read',
    params: WorkspaceParams, response: z.object({ items: z.array(Endpoint) }),
  }),
  get: defineRoute({
    id: 'endpoints.get', method: 'GET', path: '/workspaces/{workspace}/endpoints/{name}',
    summary: 'An endpoint: state, deployments (models, replicas), traffic, scoring and swagger URLs', action: 'runs.read',
    params: NameParams, response: Endpoint,
  }),
  delete: defineRoute({
    id: 'endpoints.delete', method: 'DELETE', path: '/workspaces/{workspace}/endpoints/{name}',
    summary: 'Stop every deployment of an endpoint and delete it', action: 'runs.write', params: NameParams,
  }),
  deploy: defineRoute({
    id: 'endpoints.deploy', method: 'PUT', path: '/workspaces/{workspace}/endpoints/{name}/deployments/{deployment}',
    summary: 'Create or update a deployment: new replicas start, old ones drain once the new are Healthy (answers at once; poll get)', action: 'runs.write',
    params: DeploymentParams, body: DeployBody, response: Endpoint, status: 202,
  }),
  deleteDeployment: defineRoute({
    id: 'endpoints.deleteDeployment', method: 'DELETE', path: '/workspaces/{workspace}/endpoints/{name}/deployments/{deployment}',
    summary: 'Stop and delete a deployment that takes no traffic', action: 'runs.write', params: DeploymentParams,
  }),
  setTraffic: defineRoute({
    id: 'endpoints.setTraffic', method: 'PUT', path: '/workspaces/{workspace}/endpoints/{name}/traffic',
    summary: 'Set the traffic split: whole percentages per deployment summing to 100', action: 'runs.write',
    params: NameParams, body: z.object({ traffic: Traffic }), response: Endpoint,
  }),
  logs: defineRoute({
    id: 'endpoints.logs', method: 'GET', path: '/workspaces/{workspace}/endpoints/{name}/logs',
    summary: "The replicas' log lines (init() tracebacks, run() errors, scale events), one deployment or all", action: 'runs.read',
    params: NameParams, query: LogQuery, response: z.object({ items: z.array(EndpointLogLine) }),
  }),
  followLogs: defineRoute({
    id: 'endpoints.followLogs', method: 'GET', path: '/workspaces/{workspace}/endpoints/{name}/logs/follow',
    summary: 'Follow the replicas\' log live as Server-Sent Events (`line` events) until the client leaves', action: 'runs.read',
    params: NameParams, query: LogQuery, responseKind: 'bytes',
  }),
  keys: defineRoute({
    id: 'endpoints.keys', method: 'GET', path: '/workspaces/{workspace}/endpoints/{name}/keys',
    summary: "The endpoint's primary and secondary scoring keys", action: 'runs.write', params: NameParams, response: EndpointKeys,
  }),
  regenerateKey: defineRoute({
    id: 'endpoints.regenerateKey', method: 'POST', path: '/workspaces/{workspace}/endpoints/{name}/keys/regenerate',
    summary: 'Replace the primary or the secondary key (the other keeps working)', action: 'runs.write',
    params: NameParams, body: z.object({ key: z.enum(['primary', 'secondary']) }), response: EndpointKeys,
  }),
  token: defineRoute({
    id: 'endpoints.token', method: 'POST', path: '/workspaces/{workspace}/endpoints/{name}/token',
    summary: 'A short-lived scoring token for an endpoint with --auth token (ask again after refreshAfter)', action: 'runs.write',
    params: NameParams, response: EndpointToken,
  }),
  metrics: defineRoute({
    id: 'endpoints.metrics', method: 'GET', path: '/workspaces/{workspace}/endpoints/{name}/metrics',
    summary: 'Telemetry per deployment: requests, status codes, latency p50/p95/p99, queue wait, replicas over time', action: 'runs.read',
    params: NameParams, response: z.object({ items: z.array(DeploymentMetrics) }),
  }),
  prometheus: defineRoute({
    id: 'endpoints.prometheus', method: 'GET', path: '/workspaces/{workspace}/endpoint-metrics',
    summary: "Prometheus text exposition of the workspace's endpoints (one endpoint with ?endpoint=)", action: 'runs.read',
    params: WorkspaceParams, query: z.object({ endpoint: endpointNameSchema.optional() }), responseKind: 'bytes',
  }),
  modelData: defineRoute({
    id: 'endpoints.modelData', method: 'GET', path: '/workspaces/{workspace}/endpoints/{name}/model-data',
    summary: 'Requests and responses sampled by deployments with collectModelData, newest last', action: 'runs.read',
    params: NameParams, query: z.object({ deployment: deploymentNameSchema.optional(), tail: z.coerce.number().int().min(1).max(10_000).default(100) }),
    response: z.object({ items: z.array(ModelDataRecord) }),
  }),
  invoke: defineRoute({
    id: 'endpoints.invoke', method: 'POST', path: '/workspaces/{workspace}/endpoints/{name}/invoke',
    summary: 'Score a request through the gateway as a client would (by traffic, or one deployment)', action: 'runs.write',
    params: NameParams, body: InvokeBody, response: InvokeResult,
  }),
};
