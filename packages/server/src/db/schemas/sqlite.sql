-- Cairn metadata schema on SQLite after migrations: 0001-initial, 0002-run-search-indexes, 0003-execution, 0004-snapshots, 0005-environments, 0006-sessions, 0007-models, 0008-run-maps-indexes, 0011-datastores-datasets, 0012-compute-targets, 0013-endpoints
-- Generated; rewrite with: UPDATE_SCHEMAS=1 npx vitest run packages/server/src/db/migrate.test.ts

CREATE TABLE "compute_targets" (
  "name" varchar(100) primary key,
  "type" varchar(20) not null,
  "settings" text not null,
  "created_at" bigint not null,
  "created_by" varchar(200) not null
);

CREATE TABLE "dataset_files" (
  "dataset_id" integer not null references "datasets" ("id") on delete cascade,
  "path" text not null,
  "size" bigint not null,
  "etag" text,
  "sha256" text,
  constraint "dataset_files_pk" primary key ("dataset_id", "path")
);

CREATE TABLE "dataset_runs" (
  "dataset_id" integer not null references "datasets" ("id"),
  "run_id" text not null references "runs" ("id") on delete cascade,
  "direction" text not null,
  "name" text not null,
  constraint "dataset_runs_pk" primary key ("dataset_id", "run_id", "direction", "name")
);

CREATE TABLE "datasets" (
  "id" integer primary key,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "name" text not null,
  "version" integer not null,
  "kind" text not null,
  "datastore_id" integer not null references "datastores" ("id"),
  "path" text not null,
  "separator" text,
  "description" text not null,
  "fingerprint" text not null,
  "file_count" integer not null,
  "size" bigint not null,
  "created_by" text not null,
  "created_at" bigint not null,
  "profile" text,
  constraint "datasets_workspace_name_version" unique ("workspace_id", "name", "version")
);

CREATE TABLE "datastores" (
  "id" integer primary key,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "name" text not null,
  "type" text not null,
  "location" text not null,
  "secret_names" text not null,
  "is_default" integer not null,
  "created_at" bigint not null,
  constraint "datastores_workspace_name" unique ("workspace_id", "name")
);

CREATE TABLE "endpoint_deployments" (
  "id" integer primary key,
  "endpoint_id" integer not null references "endpoints" ("id") on delete cascade,
  "name" text not null,
  "spec" text not null,
  "generation" integer not null,
  "state" text not null,
  "error" text,
  "created_at" bigint not null,
  "updated_at" bigint not null,
  constraint "endpoint_deployments_endpoint_name" unique ("endpoint_id", "name")
);

CREATE TABLE "endpoint_models" (
  "deployment_id" integer not null references "endpoint_deployments" ("id") on delete cascade,
  "workspace_id" integer not null,
  "model_name" text not null,
  "model_version" integer not null,
  constraint "endpoint_models_pk" primary key ("deployment_id", "model_name", "model_version")
);

CREATE TABLE "endpoints" (
  "id" integer primary key,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "name" text not null,
  "description" text not null,
  "auth" text not null,
  "primary_key" text not null,
  "secondary_key" text not null,
  "token_secret" text not null,
  "traffic" text not null,
  "created_at" bigint not null,
  "created_by" text not null,
  "updated_at" bigint not null,
  constraint "endpoints_workspace_name" unique ("workspace_id", "name")
);

CREATE TABLE "environment_builds" (
  "id" integer primary key,
  "environment_version_id" integer not null references "environment_versions" ("id") on delete cascade,
  "hash" text not null,
  "status" text not null,
  "node" text not null,
  "run_id" text,
  "duration_ms" bigint not null,
  "reused" integer not null,
  "created_at" bigint not null,
  "log_sha256" text,
  "log_bytes" bigint not null
);

CREATE TABLE "environment_versions" (
  "id" integer primary key,
  "environment_id" integer not null references "environments" ("id") on delete cascade,
  "version" integer not null,
  "hash" text not null,
  "definition" text not null,
  "created_at" bigint not null,
  "created_by" text,
  constraint "environment_versions_number" unique ("environment_id", "version")
);

CREATE TABLE "environments" (
  "id" integer primary key,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "name" text not null,
  "next_version" integer not null,
  "created_at" bigint not null,
  constraint "environments_workspace_name" unique ("workspace_id", "name")
);

CREATE TABLE "experiments" (
  "id" integer primary key,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "name" text not null,
  "created_at" bigint not null,
  "next_run_number" integer not null,
  constraint "experiments_workspace_name" unique ("workspace_id", "name")
);

CREATE TABLE "metric_batches" (
  "run_id" text not null references "runs" ("id") on delete cascade,
  "batch_key" text not null,
  "points" integer not null,
  "created_at" bigint not null,
  constraint "metric_batches_pk" primary key ("run_id", "batch_key")
);

CREATE TABLE "metric_chunks" (
  "series_id" integer not null references "metric_series" ("id") on delete cascade,
  "seq" integer not null,
  "count" integer not null,
  "first_step" bigint,
  "last_step" bigint,
  "min_value" double precision,
  "max_value" double precision,
  "payload" blob not null,
  constraint "metric_chunks_pk" primary key ("series_id", "seq")
);

CREATE TABLE "metric_series" (
  "id" integer primary key,
  "run_id" text not null references "runs" ("id") on delete cascade,
  "name" text not null,
  "kind" text not null,
  "columns" text,
  "count" bigint not null,
  "latest" text,
  "latest_number" double precision,
  "latest_step" bigint,
  "latest_time" double precision,
  constraint "metric_series_run_name" unique ("run_id", "name")
);

CREATE TABLE "model_aliases" (
  "name_id" integer not null references "model_names" ("id") on delete cascade,
  "alias" text not null,
  "model_id" integer not null references "models" ("id") on delete cascade,
  "updated_at" bigint not null,
  constraint "model_aliases_pk" primary key ("name_id", "alias")
);

CREATE TABLE "model_datasets" (
  "model_id" integer not null references "models" ("id") on delete cascade,
  "ref" text not null,
  constraint "model_datasets_pk" primary key ("model_id", "ref")
);

CREATE TABLE "model_events" (
  "id" integer primary key,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "name" text not null,
  "version" integer,
  "alias" text,
  "kind" text not null,
  "actor" text not null,
  "created_at" bigint not null
);

CREATE TABLE "model_files" (
  "model_id" integer not null references "models" ("id") on delete cascade,
  "path" text not null,
  "sha256" text not null,
  "size" bigint not null,
  constraint "model_files_pk" primary key ("model_id", "path")
);

CREATE TABLE "model_names" (
  "id" integer primary key,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "name" text not null,
  "next_version" integer not null,
  "created_at" bigint not null,
  constraint "model_names_workspace_name" unique ("workspace_id", "name")
);

CREATE TABLE "model_properties" (
  "model_id" integer not null references "models" ("id") on delete cascade,
  "key" text not null,
  "value" text,
  constraint "model_properties_pk" primary key ("model_id", "key")
);

CREATE TABLE "model_tags" (
  "model_id" integer not null references "models" ("id") on delete cascade,
  "key" text not null,
  "value" text,
  constraint "model_tags_pk" primary key ("model_id", "key")
);

CREATE TABLE "models" (
  "id" integer primary key,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "name_id" integer not null references "model_names" ("id") on delete cascade,
  "name" text not null,
  "version" integer not null,
  "description" text not null,
  "framework" text not null,
  "framework_version" text,
  "run_id" text references "runs" ("id") on delete set null,
  "created_by" text not null,
  "created_at" bigint not null,
  "file_count" integer not null,
  "size" bigint not null,
  constraint "models_name_version" unique ("name_id", "version")
);

CREATE TABLE "role_assignments" (
  "user_id" integer not null references "users" ("id") on delete cascade,
  "workspace_id" integer references "workspaces" ("id") on delete cascade,
  "role" text not null
);

CREATE TABLE "run_executions" (
  "run_id" text primary key references "runs" ("id") on delete cascade,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "target" text not null,
  "run_config" text not null,
  "snapshot_id" text not null,
  "environment" text,
  "phase" text not null,
  "queued_at" bigint not null,
  "lease_owner" text,
  "lease_expires_at" bigint,
  "handle" text,
  "token_id" text,
  "last_heartbeat_at" bigint,
  "cancel_requested" integer default 0 not null
);

CREATE TABLE "run_files" (
  "run_id" text not null references "runs" ("id") on delete cascade,
  "path" text not null,
  "sha256" text not null,
  "size" bigint not null,
  "content_type" text not null,
  "created_at" bigint not null,
  constraint "run_files_pk" primary key ("run_id", "path")
);

CREATE TABLE "run_log_batches" (
  "run_id" text not null references "runs" ("id") on delete cascade,
  "batch_key" text not null,
  constraint "run_log_batches_pk" primary key ("run_id", "batch_key")
);

CREATE TABLE "run_log_lines" (
  "id" integer primary key,
  "run_id" text not null references "runs" ("id") on delete cascade,
  "rank" integer not null,
  "stream" text not null,
  "text" text not null,
  "time" bigint not null
);

CREATE TABLE "run_properties" (
  "run_id" text not null references "runs" ("id") on delete cascade,
  "key" text not null,
  "value" text,
  constraint "run_properties_pk" primary key ("run_id", "key")
);

CREATE TABLE "run_tags" (
  "run_id" text not null references "runs" ("id") on delete cascade,
  "key" text not null,
  "value" text,
  constraint "run_tags_pk" primary key ("run_id", "key")
);

CREATE TABLE "runs" (
  "id" text primary key,
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "experiment_id" integer not null references "experiments" ("id") on delete cascade,
  "number" integer not null,
  "display_name" text not null,
  "description" text not null,
  "type" text not null,
  "status" text not null,
  "status_reason" text,
  "parent_run_id" text,
  "root_run_id" text not null,
  "compute_target" text not null,
  "created_by" text not null,
  "created_at" bigint not null,
  "started_at" bigint,
  "ended_at" bigint,
  "error" text
);

CREATE TABLE "secrets" (
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "name" text not null,
  "ciphertext" text not null,
  "created_at" bigint not null,
  "updated_at" bigint not null,
  constraint "secrets_pk" primary key ("workspace_id", "name")
);

CREATE TABLE "session_links" (
  "code_hash" text primary key,
  "token_id" text not null references "tokens" ("id") on delete cascade,
  "expires_at" bigint not null,
  "used_at" bigint
);

CREATE TABLE "sessions" (
  "id_hash" text primary key,
  "token_id" text not null references "tokens" ("id") on delete cascade,
  "created_at" bigint not null,
  "expires_at" bigint not null
);

CREATE TABLE "snapshots" (
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "id" text not null,
  "file_count" integer not null,
  "size" bigint not null,
  "created_at" bigint not null,
  constraint "snapshots_pk" primary key ("workspace_id", "id")
);

CREATE TABLE "tokens" (
  "id" text primary key,
  "user_id" integer not null references "users" ("id") on delete cascade,
  "name" text not null,
  "token_hash" text not null,
  "created_at" bigint not null,
  "expires_at" bigint,
  "revoked_at" bigint,
  "last_used_at" bigint,
  "run_id" text
);

CREATE TABLE "users" (
  "id" integer primary key,
  "name" text not null unique,
  "created_at" bigint not null
);

CREATE TABLE "workspace_blobs" (
  "workspace_id" integer not null references "workspaces" ("id") on delete cascade,
  "sha256" text not null,
  "size" bigint not null,
  "created_at" bigint not null,
  constraint "workspace_blobs_pk" primary key ("workspace_id", "sha256")
);

CREATE TABLE "workspaces" (
  "id" integer primary key,
  "name" text not null unique,
  "description" text not null,
  "created_at" bigint not null
);

CREATE INDEX "dataset_runs_run" on "dataset_runs" ("run_id");

CREATE INDEX "datasets_datastore" on "datasets" ("datastore_id");

CREATE INDEX "endpoint_models_model" on "endpoint_models" ("workspace_id", "model_name", "model_version");

CREATE INDEX "environment_builds_version" on "environment_builds" ("environment_version_id", "id");

CREATE INDEX "environment_versions_hash" on "environment_versions" ("environment_id", "hash");

CREATE INDEX "metric_series_name_latest" on "metric_series" ("name", "latest_number", "run_id");

CREATE INDEX "metric_series_run_name_latest" on "metric_series" ("run_id", "name", "latest_number");

CREATE INDEX "model_events_name" on "model_events" ("workspace_id", "name", "id");

CREATE INDEX "model_files_sha256" on "model_files" ("sha256");

CREATE INDEX "model_properties_key_value" on "model_properties" ("key", "value");

CREATE INDEX "model_tags_key_value" on "model_tags" ("key", "value");

CREATE INDEX "models_run" on "models" ("run_id");

CREATE INDEX "models_workspace_name_version" on "models" ("workspace_id", "name", "version");

CREATE INDEX "role_assignments_user" on "role_assignments" ("user_id", "workspace_id");

CREATE INDEX "run_executions_phase" on "run_executions" ("phase", "target", "queued_at");

CREATE INDEX "run_files_sha256" on "run_files" ("sha256");

CREATE INDEX "run_log_lines_run" on "run_log_lines" ("run_id", "id");

CREATE INDEX "run_properties_key_value" on "run_properties" ("key", "value");

CREATE INDEX "run_properties_run_key_value" on "run_properties" ("run_id", "key", "value");

CREATE INDEX "run_tags_key_value" on "run_tags" ("key", "value");

CREATE INDEX "run_tags_run_key_value" on "run_tags" ("run_id", "key", "value");

CREATE INDEX "runs_experiment_created" on "runs" ("experiment_id", "created_at", "id");

CREATE INDEX "runs_parent" on "runs" ("parent_run_id");

CREATE INDEX "runs_top_level_created" on "runs" ("workspace_id", "created_at", "id") where "parent_run_id" is null;

CREATE INDEX "runs_workspace_created" on "runs" ("workspace_id", "created_at", "id");
