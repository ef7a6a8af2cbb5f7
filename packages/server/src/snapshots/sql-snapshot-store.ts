import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SnapshotRecord, SnapshotStore } from './snapshot-store.js';

/** Hashes per `IN (…)` query: well below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/** The snapshot store on SQLite or PostgreSQL, written once with Kysely. */
export class SqlSnapshotStore implements SnapshotStore {
  constructor(private readonly db: Kysely<Database>) {}

  async heldBlobs(workspaceId: number, sha256: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(sha256)];
    const held = new Map<string, number>();
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.db.selectFrom('workspace_blobs').select(['sha256', 'size']).where('workspace_id', '=', workspaceId)
        .where('sha256', 'in', unique.slice(i, i + CHUNK)).execute();
      rows.forEach((r) => held.set(r.sha256, Number(r.size)));
    }
    return held;
  }

  async addBlob(workspaceId: number, sha256: string, size: number, createdAt: number): Promise<void> {
    await this.db.insertInto('workspace_blobs').values({ workspace_id: workspaceId, sha256, size, created_at: createdAt })
      .onConflict((oc) => oc.columns(['workspace_id', 'sha256']).doNothing()).execute();
  }

  async blobSize(workspaceId: number, sha256: string): Promise<number | null> {
    const row = await this.db.selectFrom('workspace_blobs').select('size').where('workspace_id', '=', workspaceId)
      .where('sha256', '=', sha256).executeTakeFirst();
    return row === undefined ? null : Number(row.size);
  }

  async insert(s: SnapshotRecord): Promise<boolean> {
    const row = await this.db.insertInto('snapshots')
      .values({ workspace_id: s.workspaceId, id: s.id, file_count: s.fileCount, size: s.size, created_at: s.createdAt })
      .onConflict((oc) => oc.columns(['workspace_id', 'id']).doNothing()).returning('id').executeTakeFirst();
    return row !== undefined;
  }

  async get(workspaceId: number, id: string): Promise<SnapshotRecord | null> {
    const row = await this.db.selectFrom('snapshots')
      .select(['workspace_id as workspaceId', 'id', 'file_count as fileCount', 'size', 'created_at as createdAt'])
      .where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return row ? { ...row, size: Number(row.size), createdAt: Number(row.createdAt) } : null;
  }
}
