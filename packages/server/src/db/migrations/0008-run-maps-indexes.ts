/**
 * Tag and property indexes that hold long values, and indexes that let SQLite look up one run's
 * metric, tag or property directly.
 *
 * PostgreSQL: a b-tree entry holds at most about 2,700 bytes, so `(key, value)` refused a tag or
 * property value of 5,000 random characters (the per-run limit) with an error. It becomes a
 * b-tree on `key` and a hash index on `value`, which holds values of any length and still finds
 * `key = ? and value = ?`.
 *
 * SQLite: without statistics (nobody runs ANALYZE), its planner answered run search's correlated
 * lookups of one run's metric, tag or property through `(name, latest_number)` or `(key, value)`,
 * scanning every row of that name for each run: 3 s for a filtered sort over 100,000 runs. Indexes
 * that start with `run_id` and hold the value answer those lookups alone, so SQLite takes them
 * (25 ms). PostgreSQL plans with statistics and does not need them.
 */
import { type Kysely, PostgresAdapter } from 'kysely';

const mapTables = ['run_tags', 'run_properties'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const table of mapTables) {
      await db.schema.dropIndex(`${table}_key_value`).execute();
      await db.schema.createIndex(`${table}_key`).on(table).column('key').execute();
      await db.schema.createIndex(`${table}_value_hash`).on(table).using('hash').column('value').execute();
    }
    return;
  }
  await db.schema.createIndex('metric_series_run_name_latest').on('metric_series').columns(['run_id', 'name', 'latest_number']).execute();
  for (const table of mapTables) {
    await db.schema.createIndex(`${table}_run_key_value`).on(table).columns(['run_id', 'key', 'value']).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const table of mapTables) {
      await db.schema.dropIndex(`${table}_value_hash`).execute();
      await db.schema.dropIndex(`${table}_key`).execute();
      await db.schema.createIndex(`${table}_key_value`).on(table).columns(['key', 'value']).execute();
    }
    return;
  }
  for (const table of mapTables) await db.schema.dropIndex(`${table}_run_key_value`).execute();
  await db.schema.dropIndex('metric_series_run_name_latest').execute();
}

