import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { migrations } from './migrate.js';
import { migrationContract } from '../test-support/migration-contract.js';

const DUMP_NAME = 'packages/server/src/db/schemas/sqlite.sql';
const DUMP = fileURLToPath(new URL('./schemas/sqlite.sql', import.meta.url));
const UPDATE = 'UPDATE_SCHEMAS=1 npx vitest run packages/server/src/db/migrate.test.ts';

// Splits a CREATE TABLE's column list at top-level commas, so a dump diff shows one column per line.
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i += 1) {
    if (list[i] === '(') depth += 1;
    else if (list[i] === ')') depth -= 1;
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  return [...parts, list.slice(start).trim()];
}

function formatStatement(statement: string): string {
  const flat = statement.replace(/\s+/g, ' ').trim();
  const open = flat.indexOf('(');
  if (!/^create table/i.test(flat) || open < 0) return `${flat};`;
  const columns = splitTopLevel(flat.slice(open + 1, flat.lastIndexOf(')')));
  return `${flat.slice(0, open).trim()} (\n${columns.map((c) => `  ${c}`).join(',\n')}\n);`;
}

/** The schema as SQLite stores it (Kysely's own bookkeeping tables left out), tables first, by name. */
async function dumpSqlite(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ type: string; name: string; sql: string }>`
    select type, name, sql from sqlite_master
    where sql is not null and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db);
  const rank = (type: string) => ['table', 'index', 'trigger', 'view'].indexOf(type);
  rows.sort((a, b) => rank(a.type) - rank(b.type) || (a.name < b.name ? -1 : 1));
  const header = `-- Cairn metadata schema on SQLite after migrations: ${Object.keys(migrations).join(', ')}\n-- Generated; rewrite with: ${UPDATE}\n`;
  return `${header}\n${rows.map((r) => formatStatement(r.sql)).join('\n\n')}\n`;
}

describe('migrations on SQLite', () => {
  let dir: string;
  let db: Kysely<any>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-migrate-'));
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(join(dir, 'empty.db')) }) });
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  migrationContract({ dialect: 'SQLite', db: () => db, dump: dumpSqlite, dumpName: DUMP_NAME, dumpPath: DUMP, update: UPDATE });
});
