/** Runs the Kysely migrations under `migrations/`, in order, forward only. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/0001-initial.js';
import * as runSearchIndexes from './migrations/0002-run-search-indexes.js';
import * as execution from './migrations/0003-execution.js';
import * as snapshots from './migrations/0004-snapshots.js';
import * as environments from './migrations/0005-environments.js';
import * as sessions from './migrations/0006-sessions.js';
import * as models from './migrations/0007-models.js';
import * as runMapsIndexes from './migrations/0008-run-maps-indexes.js';
import * as datastoresDatasets from './migrations/0011-datastores-datasets.js';
import * as computeTargets from './migrations/0012-compute-targets.js';
import * as endpoints from './migrations/0013-endpoints.js';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-run-search-indexes': runSearchIndexes,
  '0003-execution': execution,
  '0004-snapshots': snapshots,
  '0005-environments': environments,
  '0006-sessions': sessions,
  '0007-models': models,
  '0008-run-maps-indexes': runMapsIndexes,
  '0011-datastores-datasets': datastoresDatasets,
  '0012-compute-targets': computeTargets,
  '0013-endpoints': endpoints,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings a database to the latest schema; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  // Migrations from parallel branches of work can land out of name order; a database that ran a
  // later one still runs an earlier newcomer instead of refusing to start.
  const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
}
