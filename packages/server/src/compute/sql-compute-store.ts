/** Compute targets in SQL (SQLite and PostgreSQL). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ComputeStore, StoredComputeTarget } from './compute-store.js';

export class SqlComputeStore implements ComputeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<StoredComputeTarget[]> {
    const rows = await this.db.selectFrom('compute_targets').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, type: r.type, settings: JSON.parse(r.settings) as Record<string, unknown>, createdAt: r.created_at, createdBy: r.created_by }));
  }

  async insert(t: StoredComputeTarget): Promise<boolean> {
    const result = await this.db.insertInto('compute_targets')
      .values({ name: t.name, type: t.type, settings: JSON.stringify(t.settings), created_at: t.createdAt, created_by: t.createdBy })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async updateSettings(name: string, settings: Record<string, unknown>): Promise<boolean> {
    const result = await this.db.updateTable('compute_targets').set({ settings: JSON.stringify(settings) }).where('name', '=', name).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('compute_targets').where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
