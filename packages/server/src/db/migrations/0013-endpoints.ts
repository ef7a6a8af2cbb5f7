/**
 * Real-time endpoints: the endpoint (keys encrypted by the vault key, traffic split as JSON), its
 * deployments (what they run, as JSON, and the state of their latest rollout), and the model
 * versions each deployment serves, so the registry's delete check and lineage are one indexed query.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = db.getExecutor().adapter instanceof PostgresAdapter ? 'serial' : 'integer';
  await db.schema.createTable('endpoints')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    // AES-256-GCM under the vault's master key: a copy of the database does not hand out scoring access.
    .addColumn('primary_key', 'text', (c) => c.notNull())
    .addColumn('secondary_key', 'text', (c) => c.notNull())
    .addColumn('token_secret', 'text', (c) => c.notNull())
    .addColumn('traffic', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('endpoints_workspace_name', ['workspace_id', 'name'])
    .execute();
  await db.schema.createTable('endpoint_deployments')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('endpoint_deployments_endpoint_name', ['endpoint_id', 'name'])
    .execute();
  await db.schema.createTable('endpoint_models')
    .addColumn('deployment_id', 'integer', (c) => c.notNull().references('endpoint_deployments.id').onDelete('cascade'))
    .addColumn('workspace_id', 'integer', (c) => c.notNull())
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('endpoint_models_pk', ['deployment_id', 'model_name', 'model_version'])
    .execute();
  await db.schema.createIndex('endpoint_models_model').on('endpoint_models').columns(['workspace_id', 'model_name', 'model_version']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('endpoint_models').execute();
  await db.schema.dropTable('endpoint_deployments').execute();
  await db.schema.dropTable('endpoints').execute();
}
