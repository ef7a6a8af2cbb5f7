/** Tags (mutable) and properties (write-once) of one run, each change in one transaction. */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PropertyResult, StringMap, TagResult } from './run-store.js';
import { insertMap } from './sql-run-rows.js';
import { Rollback, lockRun } from './sql-transaction.js';

type Trx = Transaction<Database>;
type MapTable = 'run_tags' | 'run_properties';

/** Merges `set`, deletes `remove`, then rolls back if the run holds more than `limit` tags. */
export async function setTagsIn(trx: Trx, runId: string, set: StringMap, remove: readonly string[], limit: number): Promise<TagResult> {
  await lockRun(trx, runId);
  const rows = Object.entries(set).map(([key, value]) => ({ run_id: runId, key, value }));
  for (let start = 0; start < rows.length; start += 1000) {
    await trx.insertInto('run_tags').values(rows.slice(start, start + 1000))
      .onConflict((oc) => oc.columns(['run_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))).execute();
  }
  if (remove.length > 0) await trx.deleteFrom('run_tags').where('run_id', '=', runId).where('key', 'in', remove).execute();
  const tags = await readMap(trx, 'run_tags', runId);
  const count = Object.keys(tags).length;
  if (count > limit) throw new Rollback<TagResult>({ ok: false, count });
  return { ok: true, tags };
}

/** Adds the properties not set yet; a key set to another value, or more than `limit` in all, changes nothing. */
export async function addPropertiesIn(trx: Trx, runId: string, properties: StringMap, limit: number): Promise<PropertyResult> {
  await lockRun(trx, runId);
  const existing = await readMap(trx, 'run_properties', runId);
  const added: [string, string | null][] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (!Object.hasOwn(existing, key)) added.push([key, value]);
    else if (existing[key] !== value) return { ok: false, conflict: { key, existing: existing[key]!, proposed: value } };
  }
  const count = Object.keys(existing).length + added.length;
  if (count > limit) return { ok: false, count };
  await insertMap(trx, 'run_properties', runId, Object.fromEntries(added));
  return { ok: true, properties: Object.fromEntries([...Object.entries(existing), ...added]) };
}

async function readMap(trx: Trx, table: MapTable, runId: string): Promise<StringMap> {
  const rows = await trx.selectFrom(table).select(['key', 'value']).where('run_id', '=', runId).orderBy('key').execute();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}
