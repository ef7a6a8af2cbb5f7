import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RunFileQuery, RunFileRecord, RunFileStore } from './run-file-store.js';

const columns = ['run_id as runId', 'path', 'sha256', 'size', 'content_type as contentType', 'created_at as createdAt'] as const;

/**
 * The smallest string above every string that starts with `prefix`, in code point order, or null when
 * there is none. With it a prefix becomes an index range (`LIKE` would be case-insensitive on SQLite).
 */
export function prefixEnd(prefix: string): string | null {
  const points = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) return String.fromCodePoint(...points, last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}

export class SqlRunFileStore implements RunFileStore {
  /** Paths compare in code point order: SQLite does by default, PostgreSQL only under the "C" collation. */
  private readonly orderedPath: RawBuilder<string>;

  constructor(private readonly db: Kysely<Database>) {
    this.orderedPath = sql<string>`${sql.ref('path')}${sql.raw(db.getExecutor().adapter instanceof PostgresAdapter ? ' collate "C"' : '')}`;
  }

  async runExists(workspaceId: number, runId: string): Promise<boolean> {
    const row = await this.db.selectFrom('runs').select('id').where('id', '=', runId).where('workspace_id', '=', workspaceId).executeTakeFirst();
    return row !== undefined;
  }

  async insert(file: RunFileRecord): Promise<boolean> {
    const row = await this.db.insertInto('run_files').values(toRow(file))
      .onConflict((oc) => oc.columns(['run_id', 'path']).doNothing()).returning('path').executeTakeFirst();
    return row !== undefined;
  }

  async replace(file: RunFileRecord): Promise<void> {
    const { sha256, size, content_type, created_at } = toRow(file);
    await this.db.insertInto('run_files').values(toRow(file))
      .onConflict((oc) => oc.columns(['run_id', 'path']).doUpdateSet({ sha256, size, content_type, created_at })).execute();
  }

  async get(runId: string, path: string): Promise<RunFileRecord | null> {
    const row = await this.db.selectFrom('run_files').select(columns).where('run_id', '=', runId).where('path', '=', path).executeTakeFirst();
    return row ?? null;
  }

  async list(runId: string, query: RunFileQuery = {}): Promise<RunFileRecord[]> {
    let select = this.db.selectFrom('run_files').select(columns).where('run_id', '=', runId);
    const path = this.orderedPath;
    if (query.prefix) select = select.where(path, '>=', query.prefix);
    const end = query.prefix ? prefixEnd(query.prefix) : null;
    if (end !== null) select = select.where(path, '<', end);
    if (query.after !== undefined) select = select.where(path, '>', query.after);
    if (query.limit !== undefined) select = select.limit(query.limit);
    return select.orderBy(path).execute();
  }
}

function toRow(file: RunFileRecord) {
  return { run_id: file.runId, path: file.path, sha256: file.sha256, size: file.size, content_type: file.contentType, created_at: file.createdAt };
}
