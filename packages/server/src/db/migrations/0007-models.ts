/**
 * The model registry: names (handing out versions), versions with tags, properties, files, dataset
 * references and aliases, and an event log. Local model files are the workspace's blobs (migration 0004).
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = db.getExecutor().adapter instanceof PostgresAdapter ? 'serial' : 'integer';
  await db.schema.createTable('model_names')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Versions are never reused, even after a delete: `N:3` always meant the same files.
    .addColumn('next_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('model_names_workspace_name', ['workspace_id', 'name'])
    .execute();
  await db.schema.createTable('models')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name_id', 'integer', (c) => c.notNull().references('model_names.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('framework', 'text', (c) => c.notNull())
    .addColumn('framework_version', 'text')
    .addColumn('run_id', 'text', (c) => c.references('runs.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('models_name_version', ['name_id', 'version'])
    .execute();
  await db.schema.createIndex('models_workspace_name_version').on('models').columns(['workspace_id', 'name', 'version']).execute();
  await db.schema.createIndex('models_run').on('models').column('run_id').execute();
  await createVersionTables(db);
  await createRegistryTables(db, serial);
}

async function createVersionTables(db: Kysely<unknown>): Promise<void> {
  for (const table of ['model_tags', 'model_properties']) {
    await db.schema.createTable(table)
      .addColumn('model_id', 'integer', (c) => c.notNull().references('models.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text')
      .addPrimaryKeyConstraint(`${table}_pk`, ['model_id', 'key'])
      .execute();
    await db.schema.createIndex(`${table}_key_value`).on(table).columns(['key', 'value']).execute();
  }
  await db.schema.createTable('model_files')
    .addColumn('model_id', 'integer', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_files_pk', ['model_id', 'path'])
    .execute();
  await db.schema.createIndex('model_files_sha256').on('model_files').column('sha256').execute();
  // Dataset references as given; issue 7 adds the link to real datasets beside `ref`.
  await db.schema.createTable('model_datasets')
    .addColumn('model_id', 'integer', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_datasets_pk', ['model_id', 'ref'])
    .execute();
}

async function createRegistryTables(db: Kysely<unknown>, serial: 'serial' | 'integer'): Promise<void> {
  await db.schema.createTable('model_aliases')
    .addColumn('name_id', 'integer', (c) => c.notNull().references('model_names.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('model_id', 'integer', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_aliases_pk', ['name_id', 'alias'])
    .execute();
  await db.schema.createTable('model_events')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('alias', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('model_events_name').on('model_events').columns(['workspace_id', 'name', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['model_events', 'model_aliases', 'model_datasets', 'model_files', 'model_properties', 'model_tags', 'models', 'model_names']) {
    await db.schema.dropTable(table).execute();
  }
}
