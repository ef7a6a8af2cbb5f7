import type { Kysely } from 'kysely';
import type { Role } from '@cairn/api';
import type { Database } from '../db/schema.js';
import type { AuthStore, NewRunToken, NewToken, TokenRecord } from './auth-store.js';
import type { Assignment } from './principal.js';

export class SqlAuthStore implements AuthStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createToken(token: NewToken): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      let user = await tx.selectFrom('users').select('id').where('name', '=', token.user).executeTakeFirst();
      user ??= await tx.insertInto('users').values({ name: token.user, created_at: token.createdAt }).returning('id').executeTakeFirstOrThrow();
      const scope = tx.deleteFrom('role_assignments').where('user_id', '=', user.id);
      await (token.workspaceId === null ? scope.where('workspace_id', 'is', null) : scope.where('workspace_id', '=', token.workspaceId)).execute();
      await tx.insertInto('role_assignments').values({ user_id: user.id, workspace_id: token.workspaceId, role: token.role }).execute();
      await tx.insertInto('tokens').values({
        id: token.id, user_id: user.id, name: token.name, token_hash: token.tokenHash, created_at: token.createdAt,
        expires_at: token.expiresAt, revoked_at: null, last_used_at: null, run_id: null,
      }).execute();
    });
  }

  async createRunToken(token: NewRunToken): Promise<void> {
    const user = await this.db.selectFrom('users').select('id').where('name', '=', token.user).executeTakeFirstOrThrow();
    await this.db.insertInto('tokens').values({
      id: token.id, user_id: user.id, name: token.name, token_hash: token.tokenHash, created_at: token.createdAt,
      expires_at: token.expiresAt, revoked_at: null, last_used_at: null, run_id: token.runId,
    }).execute();
  }

  private selectTokens() {
    return this.db.selectFrom('tokens').innerJoin('users', 'users.id', 'tokens.user_id').select([
      'tokens.id', 'tokens.user_id as userId', 'users.name as user', 'tokens.name', 'tokens.token_hash as tokenHash',
      'tokens.created_at as createdAt', 'tokens.expires_at as expiresAt', 'tokens.revoked_at as revokedAt',
      'tokens.last_used_at as lastUsedAt', 'tokens.run_id as runId',
    ]);
  }

  async findToken(id: string): Promise<TokenRecord | null> {
    return (await this.selectTokens().where('tokens.id', '=', id).executeTakeFirst()) ?? null;
  }

  async assignments(userId: number): Promise<Assignment[]> {
    const rows = await this.db.selectFrom('role_assignments')
      .leftJoin('workspaces', 'workspaces.id', 'role_assignments.workspace_id')
      .select(['role_assignments.workspace_id as workspaceId', 'workspaces.name as workspace', 'role_assignments.role'])
      .where('role_assignments.user_id', '=', userId).execute();
    return rows.map((r) => ({ workspaceId: r.workspaceId, workspace: r.workspace, role: r.role as Role }));
  }

  async listTokens() {
    const tokens = await this.selectTokens().where('tokens.run_id', 'is', null).orderBy('tokens.created_at').execute();
    return Promise.all(tokens.map(async (t) => ({ ...t, assignments: await this.assignments(t.userId) })));
  }

  async revokeToken(id: string, at: number): Promise<boolean> {
    const result = await this.db.updateTable('tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touchToken(id: string, at: number): Promise<void> {
    await this.db.updateTable('tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async countTokens(): Promise<number> {
    const row = await this.db.selectFrom('tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
