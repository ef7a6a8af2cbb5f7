/** The first schema: every table of `schema.ts` as it stands for the workspace service. */
import { PostgresAdapter, type Kysely } from 'kysely';

// Times are epoch ms: bigint in PostgreSQL (read back as numbers, see database.ts), integer in SQLite.
export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = await serialType(db);
  await db.schema.createTable('workspaces')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('users')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('role_assignments')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'integer', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('role_assignments_user').on('role_assignments').columns(['user_id', 'workspace_id']).execute();
  await db.schema.createTable('tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('run_id', 'text')
    .execute();
  await createTrackingTables(db, serial);
}

async function createTrackingTables(db: Kysely<unknown>, serial: 'serial' | 'integer'): Promise<void> {
  await db.schema.createTable('experiments')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('next_run_number', 'integer', (c) => c.notNull())
    .addUniqueConstraint('experiments_workspace_name', ['workspace_id', 'name'])
    .execute();
  await db.schema.createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('experiment_id', 'integer', (c) => c.notNull().references('experiments.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('parent_run_id', 'text')
    .addColumn('root_run_id', 'text', (c) => c.notNull())
    .addColumn('compute_target', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('runs_experiment_created').on('runs').columns(['experiment_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('runs_workspace_created').on('runs').columns(['workspace_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('runs_parent').on('runs').column('parent_run_id').execute();
  for (const table of ['run_tags', 'run_properties']) {
    await db.schema.createTable(table)
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text')
      .addPrimaryKeyConstraint(`${table}_pk`, ['run_id', 'key'])
      .execute();
    await db.schema.createIndex(`${table}_key_value`).on(table).columns(['key', 'value']).execute();
  }
  await createMetricTables(db, serial);
  await createFileAndSecretTables(db);
}

async function createMetricTables(db: Kysely<unknown>, serial: 'serial' | 'integer'): Promise<void> {
  await db.schema.createTable('metric_series')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('columns', 'text')
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('latest', 'text')
    .addColumn('latest_number', 'double precision')
    .addColumn('latest_step', 'bigint')
    .addColumn('latest_time', 'double precision')
    .addUniqueConstraint('metric_series_run_name', ['run_id', 'name'])
    .execute();
  // Filtering and sorting runs by a metric's latest value walks this index.
  await db.schema.createIndex('metric_series_name_latest').on('metric_series').columns(['name', 'latest_number', 'run_id']).execute();
  const bytes = dialectName(db) === 'postgres' ? 'bytea' : 'blob';
  await db.schema.createTable('metric_chunks')
    .addColumn('series_id', 'integer', (c) => c.notNull().references('metric_series.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('first_step', 'bigint')
    .addColumn('last_step', 'bigint')
    .addColumn('min_value', 'double precision')
    .addColumn('max_value', 'double precision')
    .addColumn('payload', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_chunks_pk', ['series_id', 'seq'])
    .execute();
  await db.schema.createTable('metric_batches')
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('batch_key', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_batches_pk', ['run_id', 'batch_key'])
    .execute();
}

async function createFileAndSecretTables(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('run_files')
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_files_pk', ['run_id', 'path'])
    .execute();
  await db.schema.createIndex('run_files_sha256').on('run_files').column('sha256').execute();
  await db.schema.createTable('secrets')
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('secrets_pk', ['workspace_id', 'name'])
    .execute();
}

function dialectName(db: Kysely<unknown>): 'postgres' | 'sqlite' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

async function serialType(db: Kysely<unknown>): Promise<'serial' | 'integer'> {
  // SQLite's "integer primary key" is the rowid and auto-increments; PostgreSQL needs serial.
  return dialectName(db) === 'postgres' ? 'serial' : 'integer';
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = ['secrets', 'run_files', 'metric_batches', 'metric_chunks', 'metric_series', 'run_properties', 'run_tags',
    'runs', 'experiments', 'tokens', 'role_assignments', 'users', 'workspaces'];
  for (const table of tables) await db.schema.dropTable(table).execute();
}
