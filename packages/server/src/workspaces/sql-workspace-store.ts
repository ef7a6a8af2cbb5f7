import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { WorkspaceRecord, WorkspaceStore } from './workspace-store.js';

export class SqlWorkspaceStore implements WorkspaceStore {
  constructor(private readonly db: Kysely<Database>) {}

  private select() {
    return this.db.selectFrom('workspaces').select(['id', 'name', 'description', 'created_at as createdAt']);
  }

  async create(name: string, description: string, createdAt: number): Promise<WorkspaceRecord | null> {
    const row = await this.db.insertInto('workspaces').values({ name, description, created_at: createdAt })
      .onConflict((oc) => oc.column('name').doNothing()).returning(['id', 'name', 'description', 'created_at as createdAt'])
      .executeTakeFirst();
    return row ?? null;
  }

  async findByName(name: string): Promise<WorkspaceRecord | null> {
    return (await this.select().where('name', '=', name).executeTakeFirst()) ?? null;
  }

  async list(): Promise<WorkspaceRecord[]> {
    return this.select().orderBy('name').execute();
  }

  async countExperiments(id: number): Promise<number> {
    const row = await this.db.selectFrom('experiments').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', id).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('workspaces').where('id', '=', id).execute();
  }
}
