/**
 * Rows written straight into the server's database through Kysely, to set up what a suite measures
 * (runs to log to, 100,000 runs to search) far faster than the API would create them.
 */
import { openMetadataDb, type MetadataDb } from '../../packages/server/src/db/database.js';

/** Opens the server's SQLite database beside the running server (WAL lets both use it). */
export function openServerDb(dbPath: string): Promise<MetadataDb> {
  return openMetadataDb(`sqlite:${dbPath}`);
}

/** Creates `count` runs named `${prefix}-<i>` in one experiment of the default workspace; returns their ids. */
export async function seedRuns(metadata: MetadataDb, experiment: string, prefix: string, count: number): Promise<string[]> {
  const { db } = metadata;
  const workspace = await db.selectFrom('workspaces').select('id').where('name', '=', 'default').executeTakeFirstOrThrow();
  const { id: experimentId } = await db.insertInto('experiments')
    .values({ workspace_id: workspace.id, name: experiment, created_at: Date.now(), next_run_number: count + 1 })
    .returning('id').executeTakeFirstOrThrow();
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const rows = ids.map((id, i) => ({
    id, workspace_id: workspace.id, experiment_id: experimentId, number: i + 1, display_name: id, description: '', type: 'cairn.run',
    status: 'Completed', status_reason: null, parent_run_id: null, root_run_id: id, compute_target: 'local', created_by: 'bench',
    created_at: 1_700_000_000_000 + i, started_at: 1_700_000_000_000 + i, ended_at: 1_700_000_060_000 + i, error: null,
  }));
  await insertInChunks(metadata, 'runs', rows);
  return ids;
}

/** Inserts rows in one transaction, in statements small enough for SQLite's parameter limit. */
export async function insertInChunks(metadata: MetadataDb, table: 'runs' | 'metric_series', rows: object[]): Promise<void> {
  const perStatement = Math.floor(30_000 / Object.keys(rows[0] ?? { x: 1 }).length);
  await metadata.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += perStatement) {
      await trx.insertInto(table).values(rows.slice(i, i + perStatement) as never).execute();
    }
  });
}
