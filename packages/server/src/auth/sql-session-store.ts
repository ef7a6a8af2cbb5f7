import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SessionRecord, SessionStore } from './session-store.js';

/** Sessions and links in the metadata database (SQLite or PostgreSQL). */
export class SqlSessionStore implements SessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createSession(idHash: string, session: SessionRecord): Promise<void> {
    await this.db.insertInto('sessions')
      .values({ id_hash: idHash, token_id: session.tokenId, created_at: session.createdAt, expires_at: session.expiresAt }).execute();
  }

  async findSession(idHash: string): Promise<SessionRecord | null> {
    const row = await this.db.selectFrom('sessions').select(['token_id as tokenId', 'created_at as createdAt', 'expires_at as expiresAt'])
      .where('id_hash', '=', idHash).executeTakeFirst();
    return row ? { tokenId: row.tokenId, createdAt: Number(row.createdAt), expiresAt: Number(row.expiresAt) } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async createLink(codeHash: string, tokenId: string, expiresAt: number): Promise<void> {
    await this.db.insertInto('session_links').values({ code_hash: codeHash, token_id: tokenId, expires_at: expiresAt, used_at: null }).execute();
  }

  // One conditional UPDATE marks the link used, so two browsers racing with the same code cannot both win.
  async useLink(codeHash: string, now: number): Promise<string | null> {
    const result = await this.db.updateTable('session_links').set({ used_at: now })
      .where('code_hash', '=', codeHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    const row = await this.db.selectFrom('session_links').select('token_id').where('code_hash', '=', codeHash).executeTakeFirst();
    return row?.token_id ?? null;
  }

  async deleteExpired(now: number): Promise<number> {
    const sessions = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    const links = await this.db.deleteFrom('session_links').where('expires_at', '<=', now).executeTakeFirst();
    return Number(sessions.numDeletedRows) + Number(links.numDeletedRows);
  }
}
