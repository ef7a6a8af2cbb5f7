/**
 * The metadata schema as Kysely sees it: one interface per table. Times are epoch milliseconds
 * (bigint in PostgreSQL, read back as numbers), JSON columns are text holding JSON.
 * Migrations under `migrations/` create exactly these tables.
 */
import type { Generated } from 'kysely';

export interface WorkspaceTable {
  id: Generated<number>;
  name: string;
  description: string;
  created_at: number;
}

export interface UserTable {
  id: Generated<number>;
  name: string;
  created_at: number;
}

/** A user's role in one workspace; `workspace_id` null means every workspace. */
export interface RoleAssignmentTable {
  user_id: number;
  workspace_id: number | null;
  role: string;
}

export interface TokenTable {
  id: string;
  user_id: number;
  name: string;
  /** SHA-256 hex of the secret part; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  /** Set for run-scoped tokens handed to a runner (later issues). */
  run_id: string | null;
}

export interface ExperimentTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  created_at: number;
  /** Next run number to hand out in this experiment. */
  next_run_number: number;
}

export interface RunTable {
  id: string;
  workspace_id: number;
  experiment_id: number;
  number: number;
  display_name: string;
  description: string;
  type: string;
  status: string;
  /** Why the run is in its status, in words (`waiting for 2 nodes`). */
  status_reason: string | null;
  parent_run_id: string | null;
  root_run_id: string;
  compute_target: string;
  created_by: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  /** JSON `{ code, message, details }` when the run failed. */
  error: string | null;
}

export interface RunTagTable {
  run_id: string;
  key: string;
  value: string | null;
}

export interface RunPropertyTable {
  run_id: string;
  key: string;
  value: string | null;
}

export interface MetricSeriesTable {
  id: Generated<number>;
  run_id: string;
  name: string;
  /** `scalar` | `list` | `table` | `image` */
  kind: string;
  /** JSON array of column names for table metrics, null otherwise. */
  columns: string | null;
  count: number;
  /** JSON of the last point's value (a cell or a row), as the API returns it. */
  latest: string | null;
  /** The last value as a number when it is one, for filtering and sorting runs. */
  latest_number: number | null;
  latest_step: number | null;
  latest_time: number | null;
}

export interface MetricChunkTable {
  series_id: number;
  seq: number;
  count: number;
  first_step: number | null;
  last_step: number | null;
  min_value: number | null;
  max_value: number | null;
  /** Encoded points; the codec lives in `metrics/codec.ts`. */
  payload: Uint8Array;
}

export interface MetricBatchTable {
  run_id: string;
  batch_key: string;
  points: number;
  created_at: number;
}

export interface RunFileTable {
  run_id: string;
  path: string;
  sha256: string;
  size: number;
  content_type: string;
  created_at: number;
}

export interface SecretTable {
  workspace_id: number;
  name: string;
  /** AES-256-GCM: base64 of iv ‖ ciphertext ‖ auth tag. */
  ciphertext: string;
  created_at: number;
  updated_at: number;
}

/** Content a workspace holds (uploaded by one of its users); the bytes live in the content store. */
export interface WorkspaceBlobTable {
  workspace_id: number;
  sha256: string;
  size: number;
  created_at: number;
}

/** A recorded snapshot; its manifest is stored in the content store under `id` (its own hash). */
export interface SnapshotTable {
  workspace_id: number;
  id: string;
  file_count: number;
  size: number;
  created_at: number;
}

/** A studio session: the cookie holds the id, only its SHA-256 is stored; it acts as its token. */
export interface SessionTable {
  id_hash: string;
  token_id: string;
  created_at: number;
  expires_at: number;
}

/** A one-time sign-in link: single use, valid for minutes; only the code's SHA-256 is stored. */
export interface SessionLinkTable {
  code_hash: string;
  token_id: string;
  expires_at: number;
  used_at: number | null;
}

/** A model name in a workspace; it hands out versions, never reusing one. */
export interface ModelNameTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  next_version: number;
  created_at: number;
}

/** One registered version of a model. */
export interface ModelTable {
  id: Generated<number>;
  workspace_id: number;
  name_id: number;
  name: string;
  version: number;
  description: string;
  framework: string;
  framework_version: string | null;
  /** The run it was registered from; null for local files (or once the run is gone). */
  run_id: string | null;
  created_by: string;
  created_at: number;
  file_count: number;
  size: number;
}

export interface ModelKeyValueTable {
  model_id: number;
  key: string;
  value: string | null;
}

/** A file of a model version; `path` is relative to the version directory. */
export interface ModelFileTable {
  model_id: number;
  path: string;
  sha256: string;
  size: number;
}

export interface ModelDatasetTable {
  model_id: number;
  ref: string;
}

export interface ModelAliasTable {
  name_id: number;
  alias: string;
  model_id: number;
  updated_at: number;
}

/** Registry events (registered, updated, aliased, unaliased, deleted), for the studio and webhooks. */
export interface ModelEventTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  version: number | null;
  alias: string | null;
  kind: string;
  actor: string;
  created_at: number;
}

/** A submitted run's execution: its queue place, dispatch lease, backend handle and heartbeats. */
export interface RunExecutionTable {
  run_id: string;
  workspace_id: number;
  target: string;
  /** The run configuration as JSON. */
  run_config: string;
  snapshot_id: string;
  /** Resolved environment spec as JSON; null for `system`. */
  environment: string | null;
  /** `queued` → `starting` (leased by a dispatcher) → `started` → `ended`. */
  phase: string;
  queued_at: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  /** The compute backend's handle as JSON (pid, job id). */
  handle: string | null;
  token_id: string | null;
  last_heartbeat_at: number | null;
  cancel_requested: number;
}

/** One line of a run's log; `id` is the cursor. */
export interface RunLogLineTable {
  id: Generated<number>;
  run_id: string;
  rank: number;
  stream: string;
  text: string;
  time: number;
}

/** Log batches already stored, so a batch sent again is stored once. */
export interface RunLogBatchTable {
  run_id: string;
  batch_key: string;
}

/** A named environment in a workspace; it hands out version numbers. */
export interface EnvironmentTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  next_version: number;
  created_at: number;
}

/** An immutable environment version: its definition as JSON and the content hash of it. */
export interface EnvironmentVersionTable {
  id: Generated<number>;
  environment_id: number;
  version: number;
  hash: string;
  definition: string;
  created_at: number;
  created_by: string | null;
}

/** A build of an environment version reported by a node; the log lives in the content store. */
export interface EnvironmentBuildTable {
  id: Generated<number>;
  environment_version_id: number;
  hash: string;
  status: string;
  node: string;
  run_id: string | null;
  duration_ms: number;
  /** 0 or 1 (SQLite has no boolean). */
  reused: number;
  created_at: number;
  log_sha256: string | null;
  log_bytes: number;
}

/** A registered datastore; `location` and `secret_names` are JSON, and no credential is ever stored here. */
export interface DatastoreTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  type: string;
  location: string;
  secret_names: string;
  /** 0 or 1. */
  is_default: number;
  created_at: number;
}

/** One version of a dataset: what was matched on which datastore, with a fingerprint of the files. */
export interface DatasetTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  version: number;
  kind: string;
  datastore_id: number;
  path: string;
  separator: string | null;
  description: string;
  /** SHA-256 over the sorted (path, size, etag, sha256) list: equal content, equal fingerprint. */
  fingerprint: string;
  file_count: number;
  size: number;
  created_by: string;
  created_at: number;
  /** Tabular profile job state as JSON (status, row count, columns, log, error). */
  profile: string | null;
}

export interface DatasetFileTable {
  dataset_id: number;
  path: string;
  size: number;
  etag: string | null;
  sha256: string | null;
}

/** Lineage: a run read (input) or wrote (output) a dataset version under a name. */
export interface DatasetRunTable {
  dataset_id: number;
  run_id: string;
  direction: string;
  name: string;
}

export interface Database {
  workspaces: WorkspaceTable;
  users: UserTable;
  role_assignments: RoleAssignmentTable;
  tokens: TokenTable;
  experiments: ExperimentTable;
  runs: RunTable;
  run_tags: RunTagTable;
  run_properties: RunPropertyTable;
  metric_series: MetricSeriesTable;
  metric_chunks: MetricChunkTable;
  metric_batches: MetricBatchTable;
  run_files: RunFileTable;
  run_executions: RunExecutionTable;
  run_log_lines: RunLogLineTable;
  run_log_batches: RunLogBatchTable;
  model_names: ModelNameTable;
  models: ModelTable;
  model_tags: ModelKeyValueTable;
  model_properties: ModelKeyValueTable;
  model_files: ModelFileTable;
  model_datasets: ModelDatasetTable;
  model_aliases: ModelAliasTable;
  model_events: ModelEventTable;
  secrets: SecretTable;
  workspace_blobs: WorkspaceBlobTable;
  snapshots: SnapshotTable;
  environments: EnvironmentTable;
  environment_versions: EnvironmentVersionTable;
  environment_builds: EnvironmentBuildTable;
  sessions: SessionTable;
  session_links: SessionLinkTable;
  datastores: DatastoreTable;
  datasets: DatasetTable;
  dataset_files: DatasetFileTable;
  dataset_runs: DatasetRunTable;
  compute_targets: ComputeTargetTable;
  endpoints: EndpointTable;
  endpoint_deployments: EndpointDeploymentTable;
  endpoint_models: EndpointModelTable;
}

/** A real-time endpoint; keys and the token secret are vault-encrypted, traffic is JSON. */
export interface EndpointTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  description: string;
  auth: string;
  primary_key: string;
  secondary_key: string;
  token_secret: string;
  traffic: string;
  created_at: number;
  created_by: string;
  updated_at: number;
}

/** A deployment of an endpoint; `spec` is the JSON of what it runs. */
export interface EndpointDeploymentTable {
  id: Generated<number>;
  endpoint_id: number;
  name: string;
  spec: string;
  generation: number;
  state: string;
  error: string | null;
  created_at: number;
  updated_at: number;
}

/** A model version a deployment serves. */
export interface EndpointModelTable {
  deployment_id: number;
  workspace_id: number;
  model_name: string;
  model_version: number;
}

/** A user-created compute target; `settings` is the JSON of its type's settings. */
export interface ComputeTargetTable {
  name: string;
  type: string;
  settings: string;
  created_at: number;
  created_by: string;
}
