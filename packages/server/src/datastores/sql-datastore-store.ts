/** Datastores in SQL (SQLite and PostgreSQL), written once with Kysely. */
import type { Kysely, Selectable } from 'kysely';
import type { DatastoreType } from '@cairn/api';
import type { Database, DatastoreTable } from '../db/schema.js';
import type { DatastoreRecord, DatastoreStore, NewDatastore } from './datastore-store.js';

const toRecord = (row: Selectable<DatastoreTable>): DatastoreRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  type: row.type as DatastoreType,
  location: JSON.parse(row.location) as Record<string, string>,
  secretNames: JSON.parse(row.secret_names) as Record<string, string>,
  isDefault: row.is_default === 1,
  createdAt: Number(row.created_at),
});

export class SqlDatastoreStore implements DatastoreStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(d: NewDatastore): Promise<boolean> {
    const result = await this.db.insertInto('datastores').values({
      workspace_id: d.workspaceId, name: d.name, type: d.type, location: JSON.stringify(d.location),
      secret_names: JSON.stringify(d.secretNames), is_default: d.isDefault ? 1 : 0, created_at: d.createdAt,
    }).onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async get(workspaceId: number, name: string): Promise<DatastoreRecord | null> {
    const row = await this.db.selectFrom('datastores').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async byId(id: number): Promise<DatastoreRecord | null> {
    const row = await this.db.selectFrom('datastores').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async list(workspaceId: number): Promise<DatastoreRecord[]> {
    const rows = await this.db.selectFrom('datastores').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
    return rows.map(toRecord);
  }

  async setDefault(workspaceId: number, name: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('datastores').set({ is_default: 0 }).where('workspace_id', '=', workspaceId).execute();
      await tx.updateTable('datastores').set({ is_default: 1 }).where('workspace_id', '=', workspaceId).where('name', '=', name).execute();
    });
  }

  async delete(workspaceId: number, name: string): Promise<void> {
    await this.db.deleteFrom('datastores').where('workspace_id', '=', workspaceId).where('name', '=', name).execute();
  }

  async referencingDatasets(datastoreId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('datasets').select(['name', 'version']).where('datastore_id', '=', datastoreId).orderBy('name').orderBy('version').execute();
    return rows.map((r) => `${r.name}:${r.version}`);
  }
}
