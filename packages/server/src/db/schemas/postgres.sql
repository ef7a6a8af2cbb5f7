-- Cairn metadata schema on PostgreSQL after migrations: 0001-initial, 0002-run-search-indexes, 0003-execution, 0004-snapshots, 0005-environments, 0006-sessions, 0007-models, 0008-run-maps-indexes, 0011-datastores-datasets, 0012-compute-targets, 0013-endpoints
-- Generated; rewrite with: UPDATE_SCHEMAS=1 npx vitest run --project slow packages/server/src/db/migrate.pg.test.ts

CREATE TABLE compute_targets (
  name character varying NOT NULL,
  type character varying NOT NULL,
  settings text NOT NULL,
  created_at bigint NOT NULL,
  created_by character varying NOT NULL,
  CONSTRAINT compute_targets_pkey PRIMARY KEY (name)
);

CREATE TABLE dataset_files (
  dataset_id integer NOT NULL,
  path text NOT NULL,
  size bigint NOT NULL,
  etag text,
  sha256 text,
  CONSTRAINT dataset_files_dataset_id_fkey FOREIGN KEY (dataset_id) REFERENCES datasets(id) ON DELETE CASCADE,
  CONSTRAINT dataset_files_pk PRIMARY KEY (dataset_id, path)
);

CREATE TABLE dataset_runs (
  dataset_id integer NOT NULL,
  run_id text NOT NULL,
  direction text NOT NULL,
  name text NOT NULL,
  CONSTRAINT dataset_runs_dataset_id_fkey FOREIGN KEY (dataset_id) REFERENCES datasets(id),
  CONSTRAINT dataset_runs_pk PRIMARY KEY (dataset_id, run_id, direction, name),
  CONSTRAINT dataset_runs_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE
);

CREATE TABLE datasets (
  id integer NOT NULL DEFAULT nextval('datasets_id_seq'::regclass),
  workspace_id integer NOT NULL,
  name text NOT NULL,
  version integer NOT NULL,
  kind text NOT NULL,
  datastore_id integer NOT NULL,
  path text NOT NULL,
  separator text,
  description text NOT NULL,
  fingerprint text NOT NULL,
  file_count integer NOT NULL,
  size bigint NOT NULL,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  profile text,
  CONSTRAINT datasets_datastore_id_fkey FOREIGN KEY (datastore_id) REFERENCES datastores(id),
  CONSTRAINT datasets_pkey PRIMARY KEY (id),
  CONSTRAINT datasets_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE,
  CONSTRAINT datasets_workspace_name_version UNIQUE (workspace_id, name, version)
);

CREATE TABLE datastores (
  id integer NOT NULL DEFAULT nextval('datastores_id_seq'::regclass),
  workspace_id integer NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  location text NOT NULL,
  secret_names text NOT NULL,
  is_default integer NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT datastores_pkey PRIMARY KEY (id),
  CONSTRAINT datastores_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE,
  CONSTRAINT datastores_workspace_name UNIQUE (workspace_id, name)
);

CREATE TABLE endpoint_deployments (
  id integer NOT NULL DEFAULT nextval('endpoint_deployments_id_seq'::regclass),
  endpoint_id integer NOT NULL,
  name text NOT NULL,
  spec text NOT NULL,
  generation integer NOT NULL,
  state text NOT NULL,
  error text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  CONSTRAINT endpoint_deployments_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoints(id) ON DELETE CASCADE,
  CONSTRAINT endpoint_deployments_endpoint_name UNIQUE (endpoint_id, name),
  CONSTRAINT endpoint_deployments_pkey PRIMARY KEY (id)
);

CREATE TABLE endpoint_models (
  deployment_id integer NOT NULL,
  workspace_id integer NOT NULL,
  model_name text NOT NULL,
  model_version integer NOT NULL,
  CONSTRAINT endpoint_models_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES endpoint_deployments(id) ON DELETE CASCADE,
  CONSTRAINT endpoint_models_pk PRIMARY KEY (deployment_id, model_name, model_version)
);

CREATE TABLE endpoints (
  id integer NOT NULL DEFAULT nextval('endpoints_id_seq'::regclass),
  workspace_id integer NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  auth text NOT NULL,
  primary_key text NOT NULL,
  secondary_key text NOT NULL,
  token_secret text NOT NULL,
  traffic text NOT NULL,
  created_at bigint NOT NULL,
  created_by text NOT NULL,
  updated_at bigint NOT NULL,
  CONSTRAINT endpoints_pkey PRIMARY KEY (id),
  CONSTRAINT endpoints_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE,
  CONSTRAINT endpoints_workspace_name UNIQUE (workspace_id, name)
);

CREATE TABLE environment_builds (
  id integer NOT NULL DEFAULT nextval('environment_builds_id_seq'::regclass),
  environment_version_id integer NOT NULL,
  hash text NOT NULL,
  status text NOT NULL,
  node text NOT NULL,
  run_id text,
  duration_ms bigint NOT NULL,
  reused integer NOT NULL,
  created_at bigint NOT NULL,
  log_sha256 text,
  log_bytes bigint NOT NULL,
  CONSTRAINT environment_builds_environment_version_id_fkey FOREIGN KEY (environment_version_id) REFERENCES environment_versions(id) ON DELETE CASCADE,
  CONSTRAINT environment_builds_pkey PRIMARY KEY (id)
);

CREATE TABLE environment_versions (
  id integer NOT NULL DEFAULT nextval('environment_versions_id_seq'::regclass),
  environment_id integer NOT NULL,
  version integer NOT NULL,
  hash text NOT NULL,
  definition text NOT NULL,
  created_at bigint NOT NULL,
  created_by text,
  CONSTRAINT environment_versions_environment_id_fkey FOREIGN KEY (environment_id) REFERENCES environments(id) ON DELETE CASCADE,
  CONSTRAINT environment_versions_number UNIQUE (environment_id, version),
  CONSTRAINT environment_versions_pkey PRIMARY KEY (id)
);

CREATE TABLE environments (
  id integer NOT NULL DEFAULT nextval('environments_id_seq'::regclass),
  workspace_id integer NOT NULL,
  name text NOT NULL,
  next_version integer NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT environments_pkey PRIMARY KEY (id),
  CONSTRAINT environments_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE,
  CONSTRAINT environments_workspace_name UNIQUE (workspace_id, name)
);

CREATE TABLE experiments (
  id integer NOT NULL DEFAULT nextval('experiments_id_seq'::regclass),
  workspace_id integer NOT NULL,
  name text NOT NULL,
  created_at bigint NOT NULL,
  next_run_number integer NOT NULL,
  CONSTRAINT experiments_pkey PRIMARY KEY (id),
  CONSTRAINT experiments_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE,
  CONSTRAINT experiments_workspace_name UNIQUE (workspace_id, name)
);

CREATE TABLE metric_batches (
  run_id text NOT NULL,
  batch_key text NOT NULL,
  points integer NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT metric_batches_pk PRIMARY KEY (run_id, batch_key),
  CONSTRAINT metric_batches_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE
);

CREATE TABLE metric_chunks (
  series_id integer NOT NULL,
  seq integer NOT NULL,
  count integer NOT NULL,
  first_step bigint,
  last_step bigint,
  min_value double precision,
  max_value double precision,
  payload bytea NOT NULL,
  CONSTRAINT metric_chunks_pk PRIMARY KEY (series_id, seq),
  CONSTRAINT metric_chunks_series_id_fkey FOREIGN KEY (series_id) REFERENCES metric_series(id) ON DELETE CASCADE
);

CREATE TABLE metric_series (
  id integer NOT NULL DEFAULT nextval('metric_series_id_seq'::regclass),
  run_id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  columns text,
  count bigint NOT NULL,
  latest text,
  latest_number double precision,
  latest_step bigint,
  latest_time double precision,
  CONSTRAINT metric_series_pkey PRIMARY KEY (id),
  CONSTRAINT metric_series_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE,
  CONSTRAINT metric_series_run_name UNIQUE (run_id, name)
);

CREATE TABLE model_aliases (
  name_id integer NOT NULL,
  alias text NOT NULL,
  model_id integer NOT NULL,
  updated_at bigint NOT NULL,
  CONSTRAINT model_aliases_model_id_fkey FOREIGN KEY (model_id) REFERENCES models(id) ON DELETE CASCADE,
  CONSTRAINT model_aliases_name_id_fkey FOREIGN KEY (name_id) REFERENCES model_names(id) ON DELETE CASCADE,
  CONSTRAINT model_aliases_pk PRIMARY KEY (name_id, alias)
);

CREATE TABLE model_datasets (
  model_id integer NOT NULL,
  ref text NOT NULL,
  CONSTRAINT model_datasets_model_id_fkey FOREIGN KEY (model_id) REFERENCES models(id) ON DELETE CASCADE,
  CONSTRAINT model_datasets_pk PRIMARY KEY (model_id, ref)
);

CREATE TABLE model_events (
  id integer NOT NULL DEFAULT nextval('model_events_id_seq'::regclass),
  workspace_id integer NOT NULL,
  name text NOT NULL,
  version integer,
  alias text,
  kind text NOT NULL,
  actor text NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT model_events_pkey PRIMARY KEY (id),
  CONSTRAINT model_events_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE
);

CREATE TABLE model_files (
  model_id integer NOT NULL,
  path text NOT NULL,
  sha256 text NOT NULL,
  size bigint NOT NULL,
  CONSTRAINT model_files_model_id_fkey FOREIGN KEY (model_id) REFERENCES models(id) ON DELETE CASCADE,
  CONSTRAINT model_files_pk PRIMARY KEY (model_id, path)
);

CREATE TABLE model_names (
  id integer NOT NULL DEFAULT nextval('model_names_id_seq'::regclass),
  workspace_id integer NOT NULL,
  name text NOT NULL,
  next_version integer NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT model_names_pkey PRIMARY KEY (id),
  CONSTRAINT model_names_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE,
  CONSTRAINT model_names_workspace_name UNIQUE (workspace_id, name)
);

CREATE TABLE model_properties (
  model_id integer NOT NULL,
  key text NOT NULL,
  value text,
  CONSTRAINT model_properties_model_id_fkey FOREIGN KEY (model_id) REFERENCES models(id) ON DELETE CASCADE,
  CONSTRAINT model_properties_pk PRIMARY KEY (model_id, key)
);

CREATE TABLE model_tags (
  model_id integer NOT NULL,
  key text NOT NULL,
  value text,
  CONSTRAINT model_tags_model_id_fkey FOREIGN KEY (model_id) REFERENCES models(id) ON DELETE CASCADE,
  CONSTRAINT model_tags_pk PRIMARY KEY (model_id, key)
);

CREATE TABLE models (
  id integer NOT NULL DEFAULT nextval('models_id_seq'::regclass),
  workspace_id integer NOT NULL,
  name_id integer NOT NULL,
  name text NOT NULL,
  version integer NOT NULL,
  description text NOT NULL,
  framework text NOT NULL,
  framework_version text,
  run_id text,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  file_count integer NOT NULL,
  size bigint NOT NULL,
  CONSTRAINT models_name_id_fkey FOREIGN KEY (name_id) REFERENCES model_names(id) ON DELETE CASCADE,
  CONSTRAINT models_name_version UNIQUE (name_id, version),
  CONSTRAINT models_pkey PRIMARY KEY (id),
  CONSTRAINT models_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE SET NULL,
  CONSTRAINT models_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE
);

CREATE TABLE role_assignments (
  user_id integer NOT NULL,
  workspace_id integer,
  role text NOT NULL,
  CONSTRAINT role_assignments_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  CONSTRAINT role_assignments_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE
);

CREATE TABLE run_executions (
  run_id text NOT NULL,
  workspace_id integer NOT NULL,
  target text NOT NULL,
  run_config text NOT NULL,
  snapshot_id text NOT NULL,
  environment text,
  phase text NOT NULL,
  queued_at bigint NOT NULL,
  lease_owner text,
  lease_expires_at bigint,
  handle text,
  token_id text,
  last_heartbeat_at bigint,
  cancel_requested integer NOT NULL DEFAULT 0,
  CONSTRAINT run_executions_pkey PRIMARY KEY (run_id),
  CONSTRAINT run_executions_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE,
  CONSTRAINT run_executions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE
);

CREATE TABLE run_files (
  run_id text NOT NULL,
  path text NOT NULL,
  sha256 text NOT NULL,
  size bigint NOT NULL,
  content_type text NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT run_files_pk PRIMARY KEY (run_id, path),
  CONSTRAINT run_files_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE
);

CREATE TABLE run_log_batches (
  run_id text NOT NULL,
  batch_key text NOT NULL,
  CONSTRAINT run_log_batches_pk PRIMARY KEY (run_id, batch_key),
  CONSTRAINT run_log_batches_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE
);

CREATE TABLE run_log_lines (
  id bigint NOT NULL DEFAULT nextval('run_log_lines_id_seq'::regclass),
  run_id text NOT NULL,
  rank integer NOT NULL,
  stream text NOT NULL,
  text text NOT NULL,
  time bigint NOT NULL,
  CONSTRAINT run_log_lines_pkey PRIMARY KEY (id),
  CONSTRAINT run_log_lines_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE
);

CREATE TABLE run_properties (
  run_id text NOT NULL,
  key text NOT NULL,
  value text,
  CONSTRAINT run_properties_pk PRIMARY KEY (run_id, key),
  CONSTRAINT run_properties_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE
);

CREATE TABLE run_tags (
  run_id text NOT NULL,
  key text NOT NULL,
  value text,
  CONSTRAINT run_tags_pk PRIMARY KEY (run_id, key),
  CONSTRAINT run_tags_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE
);

CREATE TABLE runs (
  id text NOT NULL,
  workspace_id integer NOT NULL,
  experiment_id integer NOT NULL,
  number integer NOT NULL,
  display_name text NOT NULL,
  description text NOT NULL,
  type text NOT NULL,
  status text NOT NULL,
  status_reason text,
  parent_run_id text,
  root_run_id text NOT NULL,
  compute_target text NOT NULL,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  started_at bigint,
  ended_at bigint,
  error text,
  CONSTRAINT runs_experiment_id_fkey FOREIGN KEY (experiment_id) REFERENCES experiments(id) ON DELETE CASCADE,
  CONSTRAINT runs_pkey PRIMARY KEY (id),
  CONSTRAINT runs_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE
);

CREATE TABLE secrets (
  workspace_id integer NOT NULL,
  name text NOT NULL,
  ciphertext text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  CONSTRAINT secrets_pk PRIMARY KEY (workspace_id, name),
  CONSTRAINT secrets_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE
);

CREATE TABLE session_links (
  code_hash text NOT NULL,
  token_id text NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  CONSTRAINT session_links_pkey PRIMARY KEY (code_hash),
  CONSTRAINT session_links_token_id_fkey FOREIGN KEY (token_id) REFERENCES tokens(id) ON DELETE CASCADE
);

CREATE TABLE sessions (
  id_hash text NOT NULL,
  token_id text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  CONSTRAINT sessions_pkey PRIMARY KEY (id_hash),
  CONSTRAINT sessions_token_id_fkey FOREIGN KEY (token_id) REFERENCES tokens(id) ON DELETE CASCADE
);

CREATE TABLE snapshots (
  workspace_id integer NOT NULL,
  id text NOT NULL,
  file_count integer NOT NULL,
  size bigint NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT snapshots_pk PRIMARY KEY (workspace_id, id),
  CONSTRAINT snapshots_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE
);

CREATE TABLE tokens (
  id text NOT NULL,
  user_id integer NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint,
  revoked_at bigint,
  last_used_at bigint,
  run_id text,
  CONSTRAINT tokens_pkey PRIMARY KEY (id),
  CONSTRAINT tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);

CREATE TABLE users (
  id integer NOT NULL DEFAULT nextval('users_id_seq'::regclass),
  name text NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT users_name_key UNIQUE (name),
  CONSTRAINT users_pkey PRIMARY KEY (id)
);

CREATE TABLE workspace_blobs (
  workspace_id integer NOT NULL,
  sha256 text NOT NULL,
  size bigint NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT workspace_blobs_pk PRIMARY KEY (workspace_id, sha256),
  CONSTRAINT workspace_blobs_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE
);

CREATE TABLE workspaces (
  id integer NOT NULL DEFAULT nextval('workspaces_id_seq'::regclass),
  name text NOT NULL,
  description text NOT NULL,
  created_at bigint NOT NULL,
  CONSTRAINT workspaces_name_key UNIQUE (name),
  CONSTRAINT workspaces_pkey PRIMARY KEY (id)
);

CREATE INDEX dataset_runs_run ON public.dataset_runs USING btree (run_id);

CREATE INDEX datasets_datastore ON public.datasets USING btree (datastore_id);

CREATE INDEX endpoint_models_model ON public.endpoint_models USING btree (workspace_id, model_name, model_version);

CREATE INDEX environment_builds_version ON public.environment_builds USING btree (environment_version_id, id);

CREATE INDEX environment_versions_hash ON public.environment_versions USING btree (environment_id, hash);

CREATE INDEX metric_series_name_latest ON public.metric_series USING btree (name, latest_number, run_id);

CREATE INDEX model_events_name ON public.model_events USING btree (workspace_id, name, id);

CREATE INDEX model_files_sha256 ON public.model_files USING btree (sha256);

CREATE INDEX model_properties_key_value ON public.model_properties USING btree (key, value);

CREATE INDEX model_tags_key_value ON public.model_tags USING btree (key, value);

CREATE INDEX models_run ON public.models USING btree (run_id);

CREATE INDEX models_workspace_name_version ON public.models USING btree (workspace_id, name, version);

CREATE INDEX role_assignments_user ON public.role_assignments USING btree (user_id, workspace_id);

CREATE INDEX run_executions_phase ON public.run_executions USING btree (phase, target, queued_at);

CREATE INDEX run_files_sha256 ON public.run_files USING btree (sha256);

CREATE INDEX run_log_lines_run ON public.run_log_lines USING btree (run_id, id);

CREATE INDEX run_properties_key ON public.run_properties USING btree (key);

CREATE INDEX run_properties_value_hash ON public.run_properties USING hash (value);

CREATE INDEX run_tags_key ON public.run_tags USING btree (key);

CREATE INDEX run_tags_value_hash ON public.run_tags USING hash (value);

CREATE INDEX runs_experiment_created ON public.runs USING btree (experiment_id, created_at, id);

CREATE INDEX runs_parent ON public.runs USING btree (parent_run_id);

CREATE INDEX runs_top_level_created ON public.runs USING btree (workspace_id, created_at, id) WHERE (parent_run_id IS NULL);

CREATE INDEX runs_workspace_created ON public.runs USING btree (workspace_id, created_at, id);
