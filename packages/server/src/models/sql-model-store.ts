import type { Kysely, Transaction } from 'kysely';
import type { ModelAlias, ModelEvent, ModelFile } from '@cairn/api';
import type { Database } from '../db/schema.js';
import type { Actor, ModelChange, ModelQuery, ModelRecord, ModelStore, NewModel, PropertyClash, RunSummary } from './model-store.js';
import { chunks, IN_CHUNK, selectModels, toRecords } from './sql-model-rows.js';

type Db = Kysely<Database> | Transaction<Database>;
type EventKind = ModelEvent['kind'];

/** Rows per multi-row insert: 4 columns each stays far below every parameter limit. */
const INSERT_CHUNK = 1000;

async function recordEvent(db: Db, workspaceId: number, name: string, kind: EventKind, by: Actor, version: number | null, alias: string | null = null): Promise<void> {
  await db.insertInto('model_events').values({ workspace_id: workspaceId, name, version, alias, kind, actor: by.actor, created_at: by.at }).execute();
}

async function insertKeyValues(db: Db, table: 'model_tags' | 'model_properties', modelId: number, values: Record<string, string | null>): Promise<void> {
  const rows = Object.entries(values).map(([key, value]) => ({ model_id: modelId, key, value }));
  for (const part of chunks(rows, INSERT_CHUNK)) await db.insertInto(table).values(part).execute();
}

/** Takes the next version of a name, creating the name on first use; the row lock makes it safe under concurrency. */
async function nextVersion(trx: Transaction<Database>, workspaceId: number, name: string, at: number): Promise<{ nameId: number; version: number }> {
  await trx.insertInto('model_names').values({ workspace_id: workspaceId, name, next_version: 1, created_at: at })
    .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing()).execute();
  const row = await trx.updateTable('model_names').set((eb) => ({ next_version: eb('next_version', '+', 1) }))
    .where('workspace_id', '=', workspaceId).where('name', '=', name).returning(['id', 'next_version']).executeTakeFirstOrThrow();
  return { nameId: row.id, version: Number(row.next_version) - 1 };
}

export class SqlModelStore implements ModelStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(model: NewModel, by: Actor): Promise<ModelRecord> {
    const rowId = await this.db.transaction().execute(async (trx) => {
      const { nameId, version } = await nextVersion(trx, model.workspaceId, model.name, by.at);
      const size = model.files.reduce((sum, file) => sum + file.size, 0);
      const { id } = await trx.insertInto('models').values({
        workspace_id: model.workspaceId, name_id: nameId, name: model.name, version, description: model.description, framework: model.framework,
        framework_version: model.frameworkVersion, run_id: model.runId, created_by: by.actor, created_at: by.at, file_count: model.files.length, size,
      }).returning('id').executeTakeFirstOrThrow();
      await this.insertParts(trx, id, model);
      await recordEvent(trx, model.workspaceId, model.name, 'registered', by, version);
      return id;
    });
    return (await toRecords(this.db, await selectModels(this.db).where('m.id', '=', rowId).execute()))[0]!;
  }

  private async insertParts(trx: Transaction<Database>, id: number, model: NewModel): Promise<void> {
    await insertKeyValues(trx, 'model_tags', id, model.tags);
    await insertKeyValues(trx, 'model_properties', id, model.properties);
    const files = model.files.map((f) => ({ model_id: id, path: f.path, sha256: f.sha256, size: f.size }));
    for (const part of chunks(files, INSERT_CHUNK)) await trx.insertInto('model_files').values(part).execute();
    const datasets = [...new Set(model.datasets)].map((ref) => ({ model_id: id, ref }));
    if (datasets.length > 0) await trx.insertInto('model_datasets').values(datasets).execute();
  }

  async get(workspaceId: number, name: string, version: number | null): Promise<ModelRecord | null> {
    let select = selectModels(this.db).where('m.workspace_id', '=', workspaceId).where('m.name', '=', name);
    select = version === null ? select.orderBy('m.version', 'desc').limit(1) : select.where('m.version', '=', version);
    return (await toRecords(this.db, await select.execute()))[0] ?? null;
  }

  async byAlias(workspaceId: number, name: string, alias: string): Promise<ModelRecord | null> {
    const rows = await selectModels(this.db).innerJoin('model_aliases as a', 'a.model_id', 'm.id')
      .where('m.workspace_id', '=', workspaceId).where('m.name', '=', name).where('a.alias', '=', alias).execute();
    return (await toRecords(this.db, rows))[0] ?? null;
  }

  async list(workspaceId: number, query: ModelQuery): Promise<ModelRecord[]> {
    let select = selectModels(this.db).where('m.workspace_id', '=', workspaceId);
    if (query.name !== undefined) select = select.where('m.name', '=', query.name);
    if (query.runId !== undefined) select = select.where('m.run_id', '=', query.runId);
    if (query.framework !== undefined) select = select.where('m.framework', '=', query.framework);
    for (const [table, items] of [['model_tags', query.tags ?? []], ['model_properties', query.properties ?? []]] as const) {
      for (const [key, value] of items) {
        select = select.where(({ exists, selectFrom }) => exists(selectFrom(table).select('model_id')
          .whereRef('model_id', '=', 'm.id').where('key', '=', key).$if(value !== undefined, (q) => q.where('value', '=', value!))));
      }
    }
    if (query.latest) {
      select = select.where('m.version', '=', (eb) => eb.selectFrom('models as v').select((v) => v.fn.max('v.version').as('top')).whereRef('v.name_id', '=', 'm.name_id'));
    }
    const after = query.after;
    if (after) select = select.where((eb) => eb.or([eb('m.name', '>', after.name), eb.and([eb('m.name', '=', after.name), eb('m.version', '<', after.version)])]));
    return toRecords(this.db, await select.orderBy('m.name').orderBy('m.version', 'desc').limit(query.limit).execute());
  }

  async files(rowId: number): Promise<ModelFile[]> {
    const rows = await this.db.selectFrom('model_files').select(['path', 'sha256', 'size']).where('model_id', '=', rowId).orderBy('path').execute();
    return rows.map((row) => ({ path: row.path, sha256: row.sha256, size: Number(row.size) }));
  }

  async update(model: ModelRecord, change: ModelChange, by: Actor): Promise<ModelRecord | PropertyClash> {
    const clash = await this.db.transaction().execute(async (trx) => {
      const keys = Object.keys(change.addProperties);
      const existing = keys.length === 0 ? [] : await trx.selectFrom('model_properties').select(['key', 'value']).where('model_id', '=', model.rowId).where('key', 'in', keys).execute();
      const clashing = existing.find((row) => row.value !== change.addProperties[row.key]);
      if (clashing) return { key: clashing.key, value: clashing.value };
      const fresh = Object.fromEntries(Object.entries(change.addProperties).filter(([key]) => !existing.some((row) => row.key === key)));
      await insertKeyValues(trx, 'model_properties', model.rowId, fresh);
      await this.applyTags(trx, model.rowId, change);
      if (change.description !== undefined) await trx.updateTable('models').set({ description: change.description }).where('id', '=', model.rowId).execute();
      await recordEvent(trx, model.workspaceId, model.name, 'updated', by, model.version);
      return null;
    });
    return clash ?? (await this.get(model.workspaceId, model.name, model.version))!;
  }

  private async applyTags(trx: Transaction<Database>, rowId: number, change: ModelChange): Promise<void> {
    const remove = [...change.removeTags, ...Object.keys(change.setTags)];
    for (const part of chunks(remove, IN_CHUNK)) await trx.deleteFrom('model_tags').where('model_id', '=', rowId).where('key', 'in', part).execute();
    await insertKeyValues(trx, 'model_tags', rowId, change.setTags);
  }

  async delete(model: ModelRecord, by: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Explicit deletes rather than trusting ON DELETE CASCADE, which SQLite applies only with foreign_keys on.
      for (const table of ['model_aliases', 'model_tags', 'model_properties', 'model_files', 'model_datasets'] as const) {
        await trx.deleteFrom(table).where('model_id', '=', model.rowId).execute();
      }
      await trx.deleteFrom('models').where('id', '=', model.rowId).execute();
      await recordEvent(trx, model.workspaceId, model.name, 'deleted', by, model.version);
    });
  }

  async aliases(workspaceId: number, name: string): Promise<ModelAlias[]> {
    const rows = await this.db.selectFrom('model_aliases as a').innerJoin('models as m', 'm.id', 'a.model_id')
      .select(['a.alias', 'm.version', 'a.updated_at']).where('m.workspace_id', '=', workspaceId).where('m.name', '=', name).orderBy('a.alias').execute();
    return rows.map((row) => ({ alias: row.alias, version: Number(row.version), updatedAt: Number(row.updated_at) }));
  }

  async setAlias(model: ModelRecord, alias: string, by: Actor): Promise<ModelAlias> {
    await this.db.transaction().execute(async (trx) => {
      const { name_id } = await trx.selectFrom('models').select('name_id').where('id', '=', model.rowId).executeTakeFirstOrThrow();
      await trx.insertInto('model_aliases').values({ name_id, alias, model_id: model.rowId, updated_at: by.at })
        .onConflict((oc) => oc.columns(['name_id', 'alias']).doUpdateSet({ model_id: model.rowId, updated_at: by.at })).execute();
      await recordEvent(trx, model.workspaceId, model.name, 'aliased', by, model.version, alias);
    });
    return { alias, version: model.version, updatedAt: by.at };
  }

  async deleteAlias(workspaceId: number, name: string, alias: string, by: Actor): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const names = trx.selectFrom('model_names').select('id').where('workspace_id', '=', workspaceId).where('name', '=', name);
      const gone = await trx.deleteFrom('model_aliases').where('name_id', 'in', names).where('alias', '=', alias).returning('alias').execute();
      if (gone.length === 0) return false;
      await recordEvent(trx, workspaceId, name, 'unaliased', by, null, alias);
      return true;
    });
  }

  async events(workspaceId: number, name: string | null, after = 0): Promise<ModelEvent[]> {
    const rows = await this.db.selectFrom('model_events').select(['id', 'kind', 'name', 'version', 'alias', 'actor', 'created_at'])
      .where('workspace_id', '=', workspaceId).$if(name !== null, (q) => q.where('name', '=', name!)).where('id', '>', after)
      .orderBy('id').limit(1000).execute();
    return rows.map((row) => ({
      id: Number(row.id), kind: row.kind as EventKind, name: row.name, version: row.version === null ? null : Number(row.version),
      alias: row.alias, actor: row.actor, createdAt: Number(row.created_at),
    }));
  }

  async runSummary(workspaceId: number, runId: string): Promise<RunSummary | null> {
    const row = await this.db.selectFrom('runs as r').innerJoin('experiments as e', 'e.id', 'r.experiment_id')
      .select(['r.id', 'e.name as experiment', 'r.status', 'r.display_name as displayName']).where('r.id', '=', runId).where('r.workspace_id', '=', workspaceId).executeTakeFirst();
    return row ?? null;
  }

  async knownBlobs(workspaceId: number, hashes: readonly string[]): Promise<Map<string, number>> {
    const known = new Map<string, number>();
    for (const part of chunks([...new Set(hashes)], IN_CHUNK)) {
      const rows = await this.db.selectFrom('workspace_blobs').select(['sha256', 'size']).where('workspace_id', '=', workspaceId).where('sha256', 'in', part).execute();
      rows.forEach((row) => known.set(row.sha256, Number(row.size)));
    }
    return known;
  }
}
