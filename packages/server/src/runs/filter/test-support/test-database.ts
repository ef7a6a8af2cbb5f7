/**
 * An in-memory SQLite database with the five tables the filter reads, shaped as `db/schema.ts`
 * declares them. Local to the filter tests until the real migrations land.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../../db/schema.js';

/** A fresh in-memory database with the filter's tables created; destroy it after the test. */
export async function openTestDatabase(): Promise<Kysely<Database>> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
  await createTestTables(db);
  return db;
}

/** Creates `experiments`, `runs`, `run_tags`, `run_properties` and `metric_series` with the columns of schema.ts. */
export async function createTestTables(db: Kysely<Database>): Promise<void> {
  await db.schema.createTable('experiments')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('next_run_number', 'integer', (c) => c.notNull())
    .execute();
  await createRunsTable(db);
  for (const table of ['run_tags', 'run_properties'] as const) {
    await db.schema.createTable(table)
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text')
      .addPrimaryKeyConstraint(`${table}_pk`, ['run_id', 'key'])
      .execute();
  }
  await createMetricSeriesTable(db);
}

async function createRunsTable(db: Kysely<Database>): Promise<void> {
  let table = db.schema.createTable('runs').addColumn('id', 'text', (c) => c.primaryKey());
  for (const column of ['workspace_id', 'experiment_id', 'number'] as const) {
    table = table.addColumn(column, 'integer', (c) => c.notNull());
  }
  for (const column of ['display_name', 'description', 'type', 'status', 'root_run_id', 'compute_target', 'created_by'] as const) {
    table = table.addColumn(column, 'text', (c) => c.notNull());
  }
  for (const column of ['status_reason', 'parent_run_id', 'error'] as const) table = table.addColumn(column, 'text');
  table = table.addColumn('created_at', 'bigint', (c) => c.notNull());
  for (const column of ['started_at', 'ended_at'] as const) table = table.addColumn(column, 'bigint');
  await table.execute();
}

async function createMetricSeriesTable(db: Kysely<Database>): Promise<void> {
  await db.schema.createTable('metric_series')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('columns', 'text')
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('latest', 'text')
    .addColumn('latest_number', 'double precision')
    .addColumn('latest_step', 'integer')
    .addColumn('latest_time', 'bigint')
    .addUniqueConstraint('metric_series_run_name', ['run_id', 'name'])
    .execute();
}
