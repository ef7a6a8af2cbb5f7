import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ExperimentRecord, ExperimentStore } from './experiment-store.js';

/**
 * Inserts the experiment unless it exists. Exported for the run store, which must create an
 * experiment in the same transaction as its first run.
 */
export async function insertExperimentIfMissing(db: Kysely<Database> | Transaction<Database>, workspaceId: number, name: string, createdAt: number): Promise<void> {
  await db.insertInto('experiments').values({ workspace_id: workspaceId, name, created_at: createdAt, next_run_number: 1 })
    .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing()).execute();
}

export class SqlExperimentStore implements ExperimentStore {
  constructor(private readonly db: Kysely<Database>) {}

  // Counting through the (experiment_id, created_at, id) index: one grouped scan, no query per experiment.
  private select(workspaceId: number) {
    return this.db.selectFrom('experiments').leftJoin('runs', 'runs.experiment_id', 'experiments.id')
      .select((eb) => [
        'experiments.id', 'experiments.workspace_id as workspaceId', 'experiments.name', 'experiments.created_at as createdAt',
        eb.fn.count<number | string>('runs.id').as('runCount'), eb.fn.max('runs.created_at').as('lastRunAt'),
      ])
      .where('experiments.workspace_id', '=', workspaceId)
      .groupBy(['experiments.id', 'experiments.workspace_id', 'experiments.name', 'experiments.created_at']);
  }

  async ensure(workspaceId: number, name: string, createdAt: number): Promise<ExperimentRecord> {
    await insertExperimentIfMissing(this.db, workspaceId, name, createdAt);
    return (await this.findByName(workspaceId, name))!;
  }

  async findByName(workspaceId: number, name: string): Promise<ExperimentRecord | null> {
    const row = await this.select(workspaceId).where('experiments.name', '=', name).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async list(workspaceId: number): Promise<ExperimentRecord[]> {
    const rows = await this.select(workspaceId).execute();
    // Sorted here: PostgreSQL's ORDER BY follows the database collation, which may not be code-unit order.
    return rows.map(toRecord).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

interface Row {
  id: number;
  workspaceId: number;
  name: string;
  createdAt: number;
  runCount: number | string;
  lastRunAt: number | null;
}

// PostgreSQL answers count() as bigint text and max() of a bigint as text too.
function toRecord(row: Row): ExperimentRecord {
  return { ...row, runCount: Number(row.runCount), lastRunAt: row.lastRunAt === null ? null : Number(row.lastRunAt) };
}
