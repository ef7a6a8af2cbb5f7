import type { Kysely, Transaction } from 'kysely';
import type { EnvironmentBuildStatus, EnvironmentDefinition } from '@cairn/api';
import type { Database } from '../db/schema.js';
import type {
  EnvironmentBuildRecord, EnvironmentNameRecord, EnvironmentStore, EnvironmentVersionRecord, NewEnvironmentBuild, NewEnvironmentVersion,
} from './environment-store.js';

type Db = Kysely<Database> | Transaction<Database>;

const versionColumns = [
  'environment_versions.id', 'environments.workspace_id as workspaceId', 'environments.name', 'environment_versions.version',
  'environment_versions.hash', 'environment_versions.definition', 'environment_versions.created_at as createdAt', 'environment_versions.created_by as createdBy',
] as const;

function selectVersions(db: Db) {
  return db.selectFrom('environment_versions').innerJoin('environments', 'environments.id', 'environment_versions.environment_id').select(versionColumns);
}

type VersionRow = Omit<EnvironmentVersionRecord, 'definition'> & { definition: string };

const toVersion = (row: VersionRow): EnvironmentVersionRecord => ({ ...row, definition: JSON.parse(row.definition) as EnvironmentDefinition });

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Environments on SQLite and PostgreSQL. */
export class SqlEnvironmentStore implements EnvironmentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createVersion(v: NewEnvironmentVersion): Promise<{ record: EnvironmentVersionRecord; created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const env = await lockEnvironment(trx, v);
      const same = await selectVersions(trx).where('environment_id', '=', env.id).where('hash', '=', v.hash)
        .orderBy('environment_versions.version', 'desc').limit(1).executeTakeFirst();
      if (same) return { record: toVersion(same), created: false };
      await trx.insertInto('environment_versions').values({
        environment_id: env.id, version: env.next_version, hash: v.hash, definition: JSON.stringify(v.definition), created_at: v.createdAt, created_by: v.createdBy,
      }).execute();
      await trx.updateTable('environments').set({ next_version: env.next_version + 1 }).where('id', '=', env.id).execute();
      const record = await selectVersions(trx).where('environment_id', '=', env.id).where('version', '=', env.next_version).executeTakeFirstOrThrow();
      return { record: toVersion(record), created: true };
    });
  }

  async findVersion(workspaceId: number, name: string, version: number | null): Promise<EnvironmentVersionRecord | null> {
    let query = selectVersions(this.db).where('environments.workspace_id', '=', workspaceId).where('environments.name', '=', name);
    query = version === null ? query.orderBy('environment_versions.version', 'desc').limit(1) : query.where('environment_versions.version', '=', version);
    const row = await query.executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  async listVersions(workspaceId: number, name: string): Promise<EnvironmentVersionRecord[]> {
    const rows = await selectVersions(this.db).where('environments.workspace_id', '=', workspaceId).where('environments.name', '=', name)
      .orderBy('environment_versions.version', 'desc').execute();
    return rows.map(toVersion);
  }

  async listNames(workspaceId: number): Promise<EnvironmentNameRecord[]> {
    // The latest version of each name: the row whose version is the name's maximum, in one query.
    const rows = await selectVersions(this.db).where('environments.workspace_id', '=', workspaceId)
      .where(({ eb, selectFrom }) => eb('environment_versions.version', '=', selectFrom('environment_versions as v').select((e) => e.fn.max('v.version').as('m')).whereRef('v.environment_id', '=', 'environments.id')))
      .select((eb) => eb.selectFrom('environment_versions as c').select((e) => e.fn.countAll<number | string>().as('n')).whereRef('c.environment_id', '=', 'environments.id').as('versionCount'))
      .execute();
    return rows.map(({ versionCount, ...row }) => ({ latest: toVersion(row), versionCount: Number(versionCount) })).sort((a, b) => byName(a.latest.name, b.latest.name));
  }

  async addBuild(build: NewEnvironmentBuild): Promise<EnvironmentBuildRecord> {
    const row = await this.db.insertInto('environment_builds').values({
      environment_version_id: build.environmentVersionId, hash: build.hash, status: build.status, node: build.node, run_id: build.runId,
      duration_ms: build.durationMs, reused: build.reused ? 1 : 0, created_at: build.createdAt, log_sha256: build.logBlob, log_bytes: build.logBytes,
    }).returning('id').executeTakeFirstOrThrow();
    return { ...build, id: row.id };
  }

  async listBuilds(environmentVersionId: number, limit: number): Promise<EnvironmentBuildRecord[]> {
    const rows = await this.selectBuilds(environmentVersionId).orderBy('environment_builds.id', 'desc').limit(limit).execute();
    return rows.map(toBuild);
  }

  async findBuild(environmentVersionId: number, buildId: number): Promise<EnvironmentBuildRecord | null> {
    const row = await this.selectBuilds(environmentVersionId).where('environment_builds.id', '=', buildId).executeTakeFirst();
    return row ? toBuild(row) : null;
  }

  private selectBuilds(environmentVersionId: number) {
    return this.db.selectFrom('environment_builds').innerJoin('environment_versions', 'environment_versions.id', 'environment_builds.environment_version_id')
      .selectAll('environment_builds').select('environment_versions.version').where('environment_builds.environment_version_id', '=', environmentVersionId);
  }
}

/** Creates the name on first use and locks its row, so version numbers are handed out one at a time. */
async function lockEnvironment(trx: Transaction<Database>, v: NewEnvironmentVersion): Promise<{ id: number; next_version: number }> {
  await trx.insertInto('environments').values({ workspace_id: v.workspaceId, name: v.name, next_version: 1, created_at: v.createdAt })
    .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing()).execute();
  // A no-op update takes the row lock in PostgreSQL and the write lock in SQLite.
  return trx.updateTable('environments').set((eb) => ({ next_version: eb.ref('next_version') }))
    .where('workspace_id', '=', v.workspaceId).where('name', '=', v.name).returning(['id', 'next_version']).executeTakeFirstOrThrow();
}

interface BuildRow {
  id: number; environment_version_id: number; version: number; hash: string; status: string; node: string; run_id: string | null;
  duration_ms: number; reused: number; created_at: number; log_sha256: string | null; log_bytes: number;
}

function toBuild(r: BuildRow): EnvironmentBuildRecord {
  return {
    id: r.id, environmentVersionId: r.environment_version_id, version: r.version, hash: r.hash, status: r.status as EnvironmentBuildStatus, node: r.node,
    runId: r.run_id, durationMs: Number(r.duration_ms), reused: r.reused === 1, createdAt: Number(r.created_at), logBlob: r.log_sha256, logBytes: Number(r.log_bytes),
  };
}
