/**
 * Runs for file tests, written straight into the metadata database: the files concept only needs a
 * run row to exist, not the runs API.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

let experiments = 0;

/** Inserts a run (and an experiment for it) in a workspace; returns the run id. */
export async function insertRun(db: Kysely<Database>, workspace: string, runId: string): Promise<string> {
  const { id: workspaceId } = await db.selectFrom('workspaces').select('id').where('name', '=', workspace).executeTakeFirstOrThrow();
  const experiment = await db.insertInto('experiments')
    .values({ workspace_id: workspaceId, name: `files-test-${++experiments}-${runId}`, created_at: Date.now(), next_run_number: 2 })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('runs').values({
    id: runId, workspace_id: workspaceId, experiment_id: experiment.id, number: 1, display_name: runId, description: '',
    type: 'script', status: 'Running', status_reason: null, parent_run_id: null, root_run_id: runId, compute_target: 'local',
    created_by: 'test', created_at: Date.now(), started_at: Date.now(), ended_at: null, error: null,
  }).execute();
  return runId;
}
