/**
 * Datastores (where data lives, credentials by vault secret name) and versioned datasets (a copy of
 * file metadata, never of data), with the runs that read or wrote each version.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = db.getExecutor().adapter instanceof PostgresAdapter ? 'serial' : 'integer';
  await db.schema.createTable('datastores')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('secret_names', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('datastores_workspace_name', ['workspace_id', 'name'])
    .execute();
  await db.schema.createTable('datasets')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // No cascade: a datastore referenced by a dataset version cannot be deleted (DATASTORE_IN_USE).
    .addColumn('datastore_id', 'integer', (c) => c.notNull().references('datastores.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('separator', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('profile', 'text')
    .addUniqueConstraint('datasets_workspace_name_version', ['workspace_id', 'name', 'version'])
    .execute();
  await db.schema.createIndex('datasets_datastore').on('datasets').column('datastore_id').execute();
  await createFileTables(db);
}

async function createFileTables(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('dataset_files')
    .addColumn('dataset_id', 'integer', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('sha256', 'text')
    .addPrimaryKeyConstraint('dataset_files_pk', ['dataset_id', 'path'])
    .execute();
  await db.schema.createTable('dataset_runs')
    .addColumn('dataset_id', 'integer', (c) => c.notNull().references('datasets.id'))
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_runs_pk', ['dataset_id', 'run_id', 'direction', 'name'])
    .execute();
  await db.schema.createIndex('dataset_runs_run').on('dataset_runs').column('run_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['dataset_runs', 'dataset_files', 'datasets', 'datastores']) await db.schema.dropTable(table).execute();
}
