/** Reading model rows back as records: the base select and the per-version maps, fetched in bulk. */
import type { Kysely } from 'kysely';
import type { ModelFramework } from '@cairn/api';
import type { Database } from '../db/schema.js';
import type { ModelRecord } from './model-store.js';

/** Rows per `in (…)` list, well under SQLite's and PostgreSQL's parameter limits. */
export const IN_CHUNK = 500;

/** Splits a list into chunks of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Model rows with their run's experiment name. */
export function selectModels(db: Kysely<Database>) {
  return db.selectFrom('models as m')
    .leftJoin('runs as r', 'r.id', 'm.run_id')
    .leftJoin('experiments as e', 'e.id', 'r.experiment_id')
    .select(['m.id', 'm.workspace_id', 'm.name', 'm.version', 'm.description', 'm.framework', 'm.framework_version', 'm.run_id',
      'm.created_by', 'm.created_at', 'm.file_count', 'm.size', 'e.name as experiment']);
}

type ModelRow = Awaited<ReturnType<ReturnType<typeof selectModels>['execute']>>[number];
type Maps = { tags: Map<number, Record<string, string | null>>; properties: Map<number, Record<string, string | null>>; datasets: Map<number, string[]>; aliases: Map<number, string[]> };

async function keyValues(db: Kysely<Database>, table: 'model_tags' | 'model_properties', ids: number[]): Promise<Map<number, Record<string, string | null>>> {
  const out = new Map<number, Record<string, string | null>>();
  for (const part of chunks(ids, IN_CHUNK)) {
    const rows = await db.selectFrom(table).select(['model_id', 'key', 'value']).where('model_id', 'in', part).orderBy('key').execute();
    for (const row of rows) (out.get(row.model_id) ?? out.set(row.model_id, {}).get(row.model_id)!)[row.key] = row.value;
  }
  return out;
}

async function lists(ids: number[], fetch: (part: number[]) => Promise<{ model_id: number; value: string }[]>): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const part of chunks(ids, IN_CHUNK)) {
    for (const row of await fetch(part)) (out.get(row.model_id) ?? out.set(row.model_id, []).get(row.model_id)!).push(row.value);
  }
  return out;
}

async function maps(db: Kysely<Database>, ids: number[]): Promise<Maps> {
  const [tags, properties] = await Promise.all([keyValues(db, 'model_tags', ids), keyValues(db, 'model_properties', ids)]);
  const datasets = await lists(ids, (part) => db.selectFrom('model_datasets').select(['model_id', 'ref as value']).where('model_id', 'in', part).orderBy('ref').execute());
  const aliases = await lists(ids, (part) => db.selectFrom('model_aliases').select(['model_id', 'alias as value']).where('model_id', 'in', part).orderBy('alias').execute());
  return { tags, properties, datasets, aliases };
}

/** Turns rows into records, fetching their tags, properties, datasets and aliases in a few queries. */
export async function toRecords(db: Kysely<Database>, rows: ModelRow[]): Promise<ModelRecord[]> {
  if (rows.length === 0) return [];
  const m = await maps(db, rows.map((row) => row.id));
  return rows.map((row) => ({
    rowId: row.id, workspaceId: row.workspace_id, name: row.name, version: Number(row.version), description: row.description,
    framework: row.framework as ModelFramework, frameworkVersion: row.framework_version, runId: row.run_id, experiment: row.experiment ?? null,
    createdBy: row.created_by, createdAt: Number(row.created_at), fileCount: Number(row.file_count), size: Number(row.size),
    tags: m.tags.get(row.id) ?? {}, properties: m.properties.get(row.id) ?? {}, datasets: m.datasets.get(row.id) ?? [], aliases: m.aliases.get(row.id) ?? [],
  }));
}
