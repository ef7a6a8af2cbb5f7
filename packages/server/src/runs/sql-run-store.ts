import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { RunStatus } from '@cairn/api';
import type { Database, RunTable } from '../db/schema.js';
import { insertExperimentIfMissing } from '../experiments/sql-experiment-store.js';
import type { NewChild, NewRun, PropertyResult, RunChanges, RunRecord, RunSearch, RunStore, SearchHit, StringMap, TagResult } from './run-store.js';
import { hydrate, insertMap, loadRuns, selectRuns } from './sql-run-rows.js';
import { searchRunKeys } from './sql-run-search.js';
import { addPropertiesIn, setTagsIn } from './sql-run-maps.js';
import { inTransaction, Rollback } from './sql-transaction.js';

type Trx = Transaction<Database>;

/** The run store on Kysely: every query written once, for SQLite and PostgreSQL. */
export class SqlRunStore implements RunStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(run: NewRun): Promise<RunRecord | null> {
    const created = await inTransaction(this.db, async (trx) => {
      await insertExperimentIfMissing(trx, run.workspaceId, run.experiment, run.createdAt);
      const { experimentId, first } = await takeRunNumbers(trx, run.workspaceId, run.experiment, 1);
      const inserted = await trx.insertInto('runs').values(runRow(run, experimentId, first))
        .onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
      // Rolling back returns the run number just taken, so numbers stay free of gaps.
      if (!inserted) throw new Rollback(null);
      await insertMap(trx, 'run_tags', run.id, run.tags);
      await insertMap(trx, 'run_properties', run.id, run.properties);
      return run.id;
    });
    return created === null ? null : this.get(run.workspaceId, created);
  }

  async createChildren(parent: RunRecord, children: NewChild[], createdAt: number, createdBy: string): Promise<RunRecord[]> {
    const ids = await inTransaction(this.db, async (trx) => {
      const { experimentId, first } = await takeRunNumbers(trx, parent.workspaceId, parent.experiment, children.length);
      const rows = children.map((child, index) => childRow(parent, child, experimentId, first + index, createdAt, createdBy));
      await trx.insertInto('runs').values(rows).execute();
      for (const child of children) await insertMap(trx, 'run_tags', child.id, child.tags);
      return children.map((child) => child.id);
    });
    return loadRuns(this.db, ids);
  }

  async get(workspaceId: number, id: string): Promise<RunRecord | null> {
    const row = await selectRuns(this.db).where('runs.workspace_id', '=', workspaceId).where('runs.id', '=', id).executeTakeFirst();
    return row ? (await hydrate(this.db, [row]))[0]! : null;
  }

  async update(workspaceId: number, id: string, expectedStatus: RunStatus, changes: RunChanges): Promise<RunRecord | null> {
    const updated = await this.db.updateTable('runs').set(changedColumns(changes))
      .where('workspace_id', '=', workspaceId).where('id', '=', id).where('status', '=', expectedStatus)
      .returning('id').executeTakeFirst();
    return updated ? this.get(workspaceId, id) : null;
  }

  async setTags(runId: string, set: StringMap, remove: readonly string[], limit: number): Promise<TagResult> {
    return inTransaction(this.db, (trx) => setTagsIn(trx, runId, set, remove, limit));
  }

  async addProperties(runId: string, properties: StringMap, limit: number): Promise<PropertyResult> {
    return inTransaction(this.db, (trx) => addPropertiesIn(trx, runId, properties, limit));
  }

  async listChildren(workspaceId: number, runId: string, recursive: boolean): Promise<RunRecord[]> {
    const ids = recursive ? await descendantIds(this.db, runId) : undefined;
    if (ids?.length === 0) return [];
    const query = ids ? selectRuns(this.db).where('runs.id', 'in', ids) : selectRuns(this.db).where('runs.parent_run_id', '=', runId);
    // Children share their parent's experiment, whose numbers are taken in commit order: creation order, even within one batch.
    const rows = await query.where('runs.workspace_id', '=', workspaceId).orderBy('runs.number').execute();
    return hydrate(this.db, rows);
  }

  async search(search: RunSearch): Promise<SearchHit[]> {
    const found = await searchRunKeys(this.db, search);
    const keys = new Map(found.map((hit) => [hit.id, hit.keys]));
    // By id: a run deleted between the two reads is left out instead of shifting the keys.
    return (await loadRuns(this.db, found.map((hit) => hit.id))).map((run) => ({ run, keys: keys.get(run.id)! }));
  }

}

/**
 * Takes `count` consecutive run numbers of an experiment. The update locks the experiment row until
 * the transaction ends, so concurrent creates queue here and never share or skip a number.
 */
async function takeRunNumbers(trx: Trx, workspaceId: number, experiment: string, count: number) {
  const row = await trx.updateTable('experiments').set((eb) => ({ next_run_number: eb('next_run_number', '+', count) }))
    .where('workspace_id', '=', workspaceId).where('name', '=', experiment)
    .returning(['id', 'next_run_number']).executeTakeFirstOrThrow();
  return { experimentId: row.id, first: Number(row.next_run_number) - count };
}

/** Ids of every descendant of a run: a recursive CTE walks any depth on both SQLite and PostgreSQL. */
async function descendantIds(db: Kysely<Database>, runId: string): Promise<string[]> {
  const rows = await db.withRecursive('tree(id)', (qc) =>
    qc.selectFrom('runs').select('runs.id').where('runs.parent_run_id', '=', runId)
      .unionAll(qc.selectFrom('runs').innerJoin('tree', 'tree.id', 'runs.parent_run_id').select('runs.id')),
  ).selectFrom('tree').select('tree.id').execute();
  return rows.map((row) => row.id);
}

function runRow(run: NewRun, experimentId: number, number: number): Insertable<RunTable> {
  return {
    id: run.id, workspace_id: run.workspaceId, experiment_id: experimentId, number, display_name: run.displayName,
    description: run.description, type: run.type, status: run.status, status_reason: null, parent_run_id: run.parentRunId,
    root_run_id: run.rootRunId ?? run.id, compute_target: run.computeTarget, created_by: run.createdBy,
    created_at: run.createdAt, started_at: run.startedAt, ended_at: null, error: null,
  };
}

function childRow(parent: RunRecord, child: NewChild, experimentId: number, number: number, createdAt: number, createdBy: string): Insertable<RunTable> {
  return {
    id: child.id, workspace_id: parent.workspaceId, experiment_id: experimentId, number, display_name: child.displayName,
    description: '', type: child.type, status: child.status, status_reason: null, parent_run_id: parent.id,
    root_run_id: parent.rootRunId, compute_target: parent.computeTarget, created_by: createdBy,
    created_at: createdAt, started_at: child.startedAt, ended_at: null, error: null,
  };
}

function changedColumns(changes: RunChanges): Updateable<RunTable> {
  const columns: Updateable<RunTable> = {
    display_name: changes.displayName, description: changes.description, status: changes.status,
    status_reason: changes.statusReason, started_at: changes.startedAt, ended_at: changes.endedAt,
    error: changes.error === undefined ? undefined : JSON.stringify(changes.error),
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}
