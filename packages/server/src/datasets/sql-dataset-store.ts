/** Dataset versions in SQL (SQLite and PostgreSQL), written once with Kysely. */
import type { Kysely, Selectable } from 'kysely';
import type { DatasetFile } from '@cairn/api';
import type { Database, DatasetTable } from '../db/schema.js';
import type { DatasetRecord, DatasetRunLink, DatasetStore, NewDataset } from './dataset-store.js';

type Row = Selectable<DatasetTable> & { datastore: string };

const toRecord = (r: Row): DatasetRecord => ({
  id: r.id, workspaceId: r.workspace_id, name: r.name, version: r.version, kind: r.kind as DatasetRecord['kind'],
  datastoreId: r.datastore_id, datastore: r.datastore, path: r.path, separator: r.separator, description: r.description,
  fingerprint: r.fingerprint, fileCount: r.file_count, size: Number(r.size), createdBy: r.created_by, createdAt: Number(r.created_at), profile: r.profile,
});

// Insert files in slices so one statement stays under SQLite's bound-parameter limit.
const FILE_SLICE = 1000;

export class SqlDatasetStore implements DatasetStore {
  constructor(private readonly db: Kysely<Database>) {}

  private rows(db: Kysely<Database> = this.db) {
    return db.selectFrom('datasets').innerJoin('datastores', 'datastores.id', 'datasets.datastore_id').selectAll('datasets').select('datastores.name as datastore');
  }

  async insertVersion(d: NewDataset, files: DatasetFile[]): Promise<{ record: DatasetRecord; created: boolean }> {
    return this.db.transaction().execute(async (tx) => {
      const latest = await this.rows(tx).where('datasets.workspace_id', '=', d.workspaceId).where('datasets.name', '=', d.name).orderBy('datasets.version', 'desc').executeTakeFirst();
      if (latest && latest.fingerprint === d.fingerprint && latest.kind === d.kind) return { record: toRecord(latest), created: false };
      const { id } = await tx.insertInto('datasets').values({
        workspace_id: d.workspaceId, name: d.name, version: (latest?.version ?? 0) + 1, kind: d.kind, datastore_id: d.datastoreId, path: d.path,
        separator: d.separator, description: d.description, fingerprint: d.fingerprint, file_count: d.fileCount, size: d.size,
        created_by: d.createdBy, created_at: d.createdAt, profile: null,
      }).returning('id').executeTakeFirstOrThrow();
      for (let i = 0; i < files.length; i += FILE_SLICE) {
        await tx.insertInto('dataset_files').values(files.slice(i, i + FILE_SLICE).map((f) => ({ dataset_id: id, ...f }))).execute();
      }
      return { record: toRecord(await this.rows(tx).where('datasets.id', '=', id).executeTakeFirstOrThrow()), created: true };
    });
  }

  async get(workspaceId: number, name: string, version?: number): Promise<DatasetRecord | null> {
    let query = this.rows().where('datasets.workspace_id', '=', workspaceId).where('datasets.name', '=', name);
    query = version === undefined ? query.orderBy('datasets.version', 'desc') : query.where('datasets.version', '=', version);
    const row = await query.executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async list(workspaceId: number, name?: string): Promise<DatasetRecord[]> {
    let query = this.rows().where('datasets.workspace_id', '=', workspaceId);
    if (name) query = query.where('datasets.name', '=', name);
    return (await query.orderBy('datasets.created_at', 'desc').orderBy('datasets.id', 'desc').execute()).map(toRecord);
  }

  async files(datasetId: number): Promise<DatasetFile[]> {
    const rows = await this.db.selectFrom('dataset_files').select(['path', 'size', 'etag', 'sha256']).where('dataset_id', '=', datasetId).orderBy('path').execute();
    return rows.map((r) => ({ ...r, size: Number(r.size) }));
  }

  async setProfile(datasetId: number, profile: string): Promise<void> {
    await this.db.updateTable('datasets').set({ profile }).where('id', '=', datasetId).execute();
  }

  async runs(datasetId: number): Promise<DatasetRunLink[]> {
    const rows = await this.db.selectFrom('dataset_runs').select(['run_id', 'direction', 'name']).where('dataset_id', '=', datasetId).orderBy('run_id').execute();
    return rows.map((r) => ({ runId: r.run_id, direction: r.direction as DatasetRunLink['direction'], name: r.name }));
  }

  async linkRun(datasetId: number, link: DatasetRunLink): Promise<void> {
    await this.db.insertInto('dataset_runs').values({ dataset_id: datasetId, run_id: link.runId, direction: link.direction, name: link.name })
      .onConflict((oc) => oc.doNothing()).execute();
  }

  async delete(datasetId: number): Promise<void> {
    await this.db.deleteFrom('datasets').where('id', '=', datasetId).execute();
  }
}
