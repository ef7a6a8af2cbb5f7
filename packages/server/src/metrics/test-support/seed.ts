/**
 * Runs to log metrics to, written straight into the metadata database: the metric tests exercise
 * metrics, so they do not depend on the runs routes to set up their fixtures.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface SeedRun {
  id: string;
  workspace?: string;
  experiment?: string;
  status?: string;
  endedAt?: number | null;
}

/** Creates a run (and its experiment on first use); returns the run id. */
export async function seedRun(db: Kysely<Database>, run: SeedRun): Promise<string> {
  const workspace = await db.selectFrom('workspaces').select('id').where('name', '=', run.workspace ?? 'default').executeTakeFirstOrThrow();
  const experimentId = await seedExperiment(db, workspace.id, run.experiment ?? 'metrics-test');
  await db.insertInto('runs').values({
    id: run.id, workspace_id: workspace.id, experiment_id: experimentId, number: 1, display_name: run.id, description: '',
    type: 'cairn.run', status: run.status ?? 'Running', status_reason: null, parent_run_id: null, root_run_id: run.id,
    compute_target: 'local', created_by: 'test', created_at: 1, started_at: 1, ended_at: run.endedAt ?? null, error: null,
  }).execute();
  return run.id;
}

async function seedExperiment(db: Kysely<Database>, workspaceId: number, name: string): Promise<number> {
  const found = await db.selectFrom('experiments').select('id').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
  if (found) return found.id;
  const created = await db.insertInto('experiments').values({ workspace_id: workspaceId, name, created_at: 1, next_run_number: 2 })
    .returning('id').executeTakeFirstOrThrow();
  return created.id;
}
