/**
 * Five runs in two experiments with tags, properties and metrics chosen so that every filter
 * construct selects a different subset, including ties and missing values for ordering.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, RunTable } from '../../../db/schema.js';

/** 2024-05-01T00:00:00Z: run times are hours after it. */
export const base = Date.parse('2024-05-01T00:00:00Z');
const hour = 3_600_000;
/** The `now` the tests compile with: 100 s after r3 started, so r3 (still running) lasts 100 s. */
export const now = base + 3 * hour + 100_000;

interface RunSeed {
  id: string;
  experiment_id: number;
  number: number;
  display_name: string;
  status: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  parent_run_id: string | null;
  compute_target: string;
}

const runs: RunSeed[] = [
  { id: 'r1', experiment_id: 1, number: 1, display_name: 'ridge-a', status: 'Completed', created_at: base, started_at: base + 1000, ended_at: base + 11_000, parent_run_id: null, compute_target: 'cpu' },
  { id: 'r2', experiment_id: 1, number: 2, display_name: 'ridge-b', status: 'Failed', created_at: base + hour, started_at: base + hour, ended_at: base + hour + 1500, parent_run_id: null, compute_target: 'gpu' },
  { id: 'r3', experiment_id: 1, number: 3, display_name: 'lasso', status: 'Running', created_at: base + 2 * hour, started_at: base + 3 * hour, ended_at: null, parent_run_id: null, compute_target: 'cpu' },
  { id: 'r4', experiment_id: 2, number: 1, display_name: 'forest', status: 'Queued', created_at: base + 4 * hour, started_at: null, ended_at: null, parent_run_id: null, compute_target: 'gpu' },
  // Created in the same millisecond as r4, so only the id tie-breaker orders them.
  { id: 'r5', experiment_id: 2, number: 2, display_name: 'child of forest', status: 'NotStarted', created_at: base + 4 * hour, started_at: null, ended_at: null, parent_run_id: 'r4', compute_target: 'cpu' },
];

const tags: [string, string, string | null][] = [
  ['r1', 'model', 'ridge'], ['r1', 'team', 'Vision'], ['r1', 'flag', 'True'],
  ['r2', 'model', 'ridge'], ['r2', 'note', null], ['r2', 'flag', 'false'],
  ['r3', 'model', 'lasso'], ['r3', 'odd key', 'x'], ['r3', 'epochs', '10'],
  ['r4', 'model', 'forest_v2'], ['r4', 'pct', '50%'],
];

const properties: [string, string, string][] = [['r1', 'dataset', 'iris'], ['r2', 'dataset', 'digits'], ['r4', 'dataset', 'iris-v2']];

/** [run, metric, latest number]; r4's mse ended on a value that is not a number, so it has none. */
const metrics: [string, string, number | null][] = [
  ['r1', 'mse', 2500], ['r1', 'acc', 0.9], ['r1', 'val loss', 0.3], ['r1', 'delta', 1e-3],
  ['r2', 'mse', 4000], ['r2', 'acc', 0.8], ['r2', 'delta', -0.5],
  ['r3', 'mse', 2500], ['r3', 'val loss', 0.1],
  ['r4', 'mse', null],
];

/** Inserts the experiments, runs, tags, properties and metrics above. */
export async function seedRuns(db: Kysely<Database>): Promise<void> {
  await db.insertInto('experiments').values([
    { id: 1, workspace_id: 1, name: 'regression', created_at: base, next_run_number: 4 },
    { id: 2, workspace_id: 1, name: 'classification', created_at: base, next_run_number: 3 },
  ]).execute();
  await db.insertInto('runs').values(runs.map(toRunRow)).execute();
  await db.insertInto('run_tags').values(tags.map(([run_id, key, value]) => ({ run_id, key, value }))).execute();
  await db.insertInto('run_properties').values(properties.map(([run_id, key, value]) => ({ run_id, key, value }))).execute();
  await db.insertInto('metric_series').values(metrics.map(([run_id, name, latest_number], id) => ({
    id: id + 1, run_id, name, kind: 'scalar', columns: null, count: 1,
    latest: latest_number === null ? '"NaN"' : JSON.stringify(latest_number), latest_number, latest_step: 0, latest_time: base,
  }))).execute();
}

function toRunRow(seed: RunSeed): Insertable<RunTable> {
  return {
    ...seed, workspace_id: 1, description: '', type: 'command', status_reason: null,
    root_run_id: seed.parent_run_id ?? seed.id, created_by: 'tester', error: null,
  };
}
