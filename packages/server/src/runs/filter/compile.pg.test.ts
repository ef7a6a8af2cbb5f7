import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.js';
import { startTestPostgres } from '../../test-support/postgres.js';
import { describeCompileContract } from './test-support/compile-contract.js';
import { createTestTables } from './test-support/test-database.js';

describeCompileContract('PostgreSQL', async () => {
  const postgres = await startTestPostgres();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await postgres.newDatabase() }) }) });
  await createTestTables(db);
  return {
    db,
    async close() {
      await db.destroy();
      await postgres.stop();
    },
  };
});
