import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../test-support/postgres.js';
import { migrations } from './migrate.js';
import { migrationContract } from '../test-support/migration-contract.js';

const DUMP_NAME = 'packages/server/src/db/schemas/postgres.sql';
const DUMP = fileURLToPath(new URL('./schemas/postgres.sql', import.meta.url));
const UPDATE = 'UPDATE_SCHEMAS=1 npx vitest run --project slow packages/server/src/db/migrate.pg.test.ts';

interface Column { table: string; column: string; type: string; nullable: string; default: string | null }
interface Constraint { table: string; name: string; definition: string }
interface Index { table: string; name: string; definition: string }

// Kysely's own bookkeeping tables are left out: they are not our schema.
async function readCatalog(db: Kysely<any>) {
  const columns = await sql<Column>`
    select table_name as "table", column_name as "column", data_type as "type", is_nullable as nullable, column_default as "default"
    from information_schema.columns where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name, ordinal_position`.execute(db);
  // NOT NULL lives on the columns; newer servers also list it here, so only keys and checks are read.
  const constraints = await sql<Constraint>`
    select cl.relname as "table", co.conname as name, pg_get_constraintdef(co.oid) as definition
    from pg_constraint co join pg_class cl on cl.oid = co.conrelid
    where co.connamespace = 'public'::regnamespace and co.contype in ('p', 'u', 'f', 'c', 'x') and cl.relname not like 'kysely_%'
    order by cl.relname, co.conname`.execute(db);
  const indexes = await sql<Index>`
    select tablename as "table", indexname as name, indexdef as definition from pg_indexes
    where schemaname = 'public' and tablename not like 'kysely_%'
      and indexname not in (select conname from pg_constraint where connamespace = 'public'::regnamespace)
    order by tablename, indexname`.execute(db);
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
}

function formatTable(table: string, columns: Column[], constraints: Constraint[]): string {
  const lines = columns.map((c) => `  ${c.column} ${c.type}${c.nullable === 'NO' ? ' NOT NULL' : ''}${c.default ? ` DEFAULT ${c.default}` : ''}`);
  lines.push(...constraints.map((c) => `  CONSTRAINT ${c.name} ${c.definition}`));
  return `CREATE TABLE ${table} (\n${lines.join(',\n')}\n);`;
}

/** The schema as PostgreSQL's catalog describes it: tables by name, then indexes by name. */
async function dumpPostgres(db: Kysely<any>): Promise<string> {
  const { columns, constraints, indexes } = await readCatalog(db);
  // Sorted here too: ORDER BY follows the server's collation, which may not be code-unit order.
  const tables = [...new Set(columns.map((c) => c.table))].sort();
  constraints.sort((a, b) => (a.name < b.name ? -1 : 1));
  const statements = tables.map((t) => formatTable(t, columns.filter((c) => c.table === t), constraints.filter((c) => c.table === t)));
  statements.push(...indexes.sort((a, b) => (a.name < b.name ? -1 : 1)).map((i) => `${i.definition};`));
  const header = `-- Cairn metadata schema on PostgreSQL after migrations: ${Object.keys(migrations).join(', ')}\n-- Generated; rewrite with: ${UPDATE}\n`;
  return `${header}\n${statements.join('\n\n')}\n`;
}

describe('migrations on PostgreSQL', () => {
  let postgres: TestPostgres;
  let db: Kysely<any>;
  beforeAll(async () => {
    postgres = await startTestPostgres();
    db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await postgres.newDatabase(), max: 2 }) }) });
  });
  afterAll(async () => {
    await db?.destroy();
    await postgres?.stop();
  });

  migrationContract({ dialect: 'PostgreSQL', db: () => db, dump: dumpPostgres, dumpName: DUMP_NAME, dumpPath: DUMP, update: UPDATE });
});
