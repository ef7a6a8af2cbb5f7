/**
 * Executing runs: one `run_executions` row per submitted run (its configuration, its place in the
 * dispatch queue, the lease that keeps two dispatchers from starting it twice, the backend handle
 * and the last heartbeat), and the run log, line by line, with idempotent batches.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigserial' : 'integer';
  await db.schema.createTable('run_executions')
    .addColumn('run_id', 'text', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('run_config', 'text', (c) => c.notNull())
    .addColumn('snapshot_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text')
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('handle', 'text')
    .addColumn('token_id', 'text')
    .addColumn('last_heartbeat_at', 'bigint')
    .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('run_executions_phase').on('run_executions').columns(['phase', 'target', 'queued_at']).execute();
  await db.schema.createTable('run_log_lines')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('run_log_lines_run').on('run_log_lines').columns(['run_id', 'id']).execute();
  await db.schema.createTable('run_log_batches')
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('batch_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_log_batches_pk', ['run_id', 'batch_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('run_log_batches').execute();
  await db.schema.dropTable('run_log_lines').execute();
  await db.schema.dropTable('run_executions').execute();
}
