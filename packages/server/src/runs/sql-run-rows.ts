/**
 * Reading runs back as domain objects: the run rows with their experiment's name, then the tags and
 * properties of all of them in two queries, however many runs there are.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { RunStatus } from '@cairn/api';
import type { Database, RunTable } from '../db/schema.js';
import type { RunRecord, StringMap } from './run-store.js';

type Db = Kysely<Database> | Transaction<Database>;
type RunRow = Selectable<RunTable> & { experiment_name: string };

/** Runs with their experiment name; narrow with `where` on `runs` columns. */
export function selectRuns(db: Db) {
  return db.selectFrom('runs').innerJoin('experiments', 'experiments.id', 'runs.experiment_id')
    .selectAll('runs').select('experiments.name as experiment_name');
}

/** The runs with these ids, tags and properties included, in the order of `ids` (missing ids are skipped). */
export async function loadRuns(db: Db, ids: readonly string[]): Promise<RunRecord[]> {
  if (ids.length === 0) return [];
  const rows = await selectRuns(db).where('runs.id', 'in', ids).execute();
  const byId = new Map((await hydrate(db, rows)).map((run) => [run.id, run]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Turns run rows into records, loading the tags and properties of all of them at once. */
export async function hydrate(db: Db, rows: readonly RunRow[]): Promise<RunRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [tags, properties] = await Promise.all([
    db.selectFrom('run_tags').select(['run_id', 'key', 'value']).where('run_id', 'in', ids).execute(),
    db.selectFrom('run_properties').select(['run_id', 'key', 'value']).where('run_id', 'in', ids).execute(),
  ]);
  const tagsOf = groupByRun(tags);
  const propertiesOf = groupByRun(properties);
  return rows.map((row) => toRecord(row, tagsOf.get(row.id) ?? {}, propertiesOf.get(row.id) ?? {}));
}

function groupByRun(rows: { run_id: string; key: string; value: string | null }[]): Map<string, StringMap> {
  const entries = new Map<string, [string, string | null][]>();
  for (const { run_id, key, value } of rows) {
    const list = entries.get(run_id) ?? [];
    list.push([key, value]);
    entries.set(run_id, list);
  }
  // fromEntries, not `map[key] = value`: a key named `__proto__` must stay a plain entry.
  return new Map([...entries].map(([runId, list]) => [runId, Object.fromEntries(list)]));
}

function toRecord(row: RunRow, tags: StringMap, properties: StringMap): RunRecord {
  return {
    id: row.id, workspaceId: row.workspace_id, experimentId: row.experiment_id, experiment: row.experiment_name,
    number: row.number, displayName: row.display_name, description: row.description, type: row.type,
    status: row.status as RunStatus, statusReason: row.status_reason, parentRunId: row.parent_run_id,
    rootRunId: row.root_run_id, computeTarget: row.compute_target, createdBy: row.created_by,
    createdAt: Number(row.created_at), startedAt: numberOrNull(row.started_at), endedAt: numberOrNull(row.ended_at),
    error: row.error === null ? null : JSON.parse(row.error), tags, properties,
  };
}

function numberOrNull(value: number | null): number | null {
  return value === null ? null : Number(value);
}

/** Inserts tag or property rows, in chunks that stay below every backend's bound-parameter limit. */
export async function insertMap(db: Db, table: 'run_tags' | 'run_properties', runId: string, map: StringMap): Promise<void> {
  const rows = Object.entries(map).map(([key, value]) => ({ run_id: runId, key, value }));
  for (let start = 0; start < rows.length; start += 1000) {
    await db.insertInto(table).values(rows.slice(start, start + 1000)).execute();
  }
}
