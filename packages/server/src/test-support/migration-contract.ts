/** The tests the migrations pass on every dialect, each against its own empty database. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Migrator, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { migrations } from '../db/migrate.js';

/** A dialect's empty database and how its schema is dumped and checked in. */
export interface MigrationTarget {
  /** The dialect as messages name it: `SQLite`, `PostgreSQL`. */
  dialect: string;
  /** The database, once the caller's `beforeAll` has opened it. */
  db(): Kysely<any>;
  dump(db: Kysely<any>): Promise<string>;
  /** The checked-in dump, from the repository root (`packages/server/src/db/schemas/…`) and as a file path. */
  dumpName: string;
  dumpPath: string;
  /** The command that rewrites the dump. */
  update: string;
}

/** Registers the tests: every migration runs forward, running again changes nothing, and the schema is the one checked in. */
export function migrationContract(target: MigrationTarget): void {
  const migrator = () => new Migrator({ db: target.db(), provider: { getMigrations: async () => migrations } });

  it('run forward on an empty database, every one of them', async () => {
    const { error, results } = await migrator().migrateToLatest();
    expect(error).toBeUndefined();
    expect(results?.map((r) => [r.migrationName, r.status])).toEqual(Object.keys(migrations).map((name) => [name, 'Success']));
  });

  it('do nothing when run again', async () => {
    const before = await target.dump(target.db());
    const { error, results } = await migrator().migrateToLatest();
    expect(error).toBeUndefined();
    expect(results).toEqual([]);
    expect(await target.dump(target.db())).toBe(before);
  });

  it(`produce the schema checked in as ${target.dumpName.replace('packages/server/src/', '')}`, async () => {
    const actual = await target.dump(target.db());
    if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(target.dumpPath, actual);
    const expected = existsSync(target.dumpPath) ? readFileSync(target.dumpPath, 'utf8') : '(no dump checked in yet)';
    expect(actual, `the ${target.dialect} schema after all migrations differs from ${target.dumpName}. If a migration changed it on purpose, ` +
      `rewrite the dump with \`${target.update}\` and commit it with the migration`).toBe(expected);
  });
}
