import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SecretRecord, SecretStore } from './secret-store.js';

const byName = (a: SecretRecord, b: SecretRecord) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** `SecretStore` on the `secrets` table, for SQLite and PostgreSQL alike. */
export class SqlSecretStore implements SecretStore {
  constructor(private readonly db: Kysely<Database>) {}

  async put(workspaceId: number, name: string, ciphertext: string, at: number): Promise<SecretRecord> {
    return this.db.insertInto('secrets')
      .values({ workspace_id: workspaceId, name, ciphertext, created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(['workspace_id', 'name']).doUpdateSet({ ciphertext, updated_at: at }))
      .returning(['name', 'created_at as createdAt', 'updated_at as updatedAt'])
      .executeTakeFirstOrThrow();
  }

  async list(workspaceId: number): Promise<SecretRecord[]> {
    const rows = await this.db.selectFrom('secrets').select(['name', 'created_at as createdAt', 'updated_at as updatedAt'])
      .where('workspace_id', '=', workspaceId).execute();
    // Sorted here: PostgreSQL's ORDER BY follows the database collation, which may not be code-unit order.
    return rows.sort(byName);
  }

  async ciphertext(workspaceId: number, name: string): Promise<string | null> {
    const row = await this.db.selectFrom('secrets').select('ciphertext')
      .where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
    return row?.ciphertext ?? null;
  }

  async delete(workspaceId: number, name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('secrets').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
