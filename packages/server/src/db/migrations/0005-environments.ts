/**
 * Environments: a name per workspace handing out versions, each version an immutable definition with
 * its content hash, and the builds nodes report for a version (status, node, log in the content store).
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = db.getExecutor().adapter instanceof PostgresAdapter ? 'serial' : 'integer';
  await db.schema.createTable('environments')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('next_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('environments_workspace_name', ['workspace_id', 'name'])
    .execute();
  await db.schema.createTable('environment_versions')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('environment_id', 'integer', (c) => c.notNull().references('environments.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addUniqueConstraint('environment_versions_number', ['environment_id', 'version'])
    .execute();
  await db.schema.createIndex('environment_versions_hash').on('environment_versions').columns(['environment_id', 'hash']).execute();
  await db.schema.createTable('environment_builds')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('environment_version_id', 'integer', (c) => c.notNull().references('environment_versions.id').onDelete('cascade'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    .addColumn('reused', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('log_sha256', 'text')
    .addColumn('log_bytes', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('environment_builds_version').on('environment_builds').columns(['environment_version_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('environment_builds').execute();
  await db.schema.dropTable('environment_versions').execute();
  await db.schema.dropTable('environments').execute();
}
