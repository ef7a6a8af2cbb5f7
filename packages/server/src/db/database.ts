/**
 * Opens the metadata database named by a URI: `sqlite:PATH` (better-sqlite3, WAL) or
 * `postgres://…` (pg pool). Only connection, pragmas and migrations live here; every query is
 * written once with Kysely in the concept stores.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { InputError } from '@cairn/api';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface MetadataDb {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * On SQLite, the better-sqlite3 connection under `db` (null on PostgreSQL), for statements prepared
   * once on hot paths (metric group commits); use it only while holding `db.connection()`.
   */
  sqlite: BetterSqlite3.Database | null;
  close(): Promise<void>;
}

interface Opened {
  db: Kysely<Database>;
  sqlite: BetterSqlite3.Database | null;
}

interface Backend {
  dialect: Dialect;
  open(uri: string): Opened;
}

function openSqlite(uri: string): Opened {
  const path = uri.slice('sqlite:'.length);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged (metric batches are acked only when durable).
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), sqlite: database };
}

// int8 (bigint) columns hold epoch-ms times and sizes, all far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

function openPostgres(uri: string): Opened {
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: uri, max: 10 }) }) }), sqlite: null };
}

/** Backends by URI scheme. */
const backends: Record<string, Backend> = {
  'sqlite:': { dialect: 'sqlite', open: openSqlite },
  'postgres:': { dialect: 'postgres', open: openPostgres },
  'postgresql:': { dialect: 'postgres', open: openPostgres },
};

/** Opens (and migrates to the latest schema) the metadata database at `uri`. */
export async function openMetadataDb(uri: string): Promise<MetadataDb> {
  const scheme = /^[a-z]+:/.exec(uri)?.[0] ?? '';
  const backend = backends[scheme];
  if (!backend) {
    throw new InputError('INVALID_INPUT', `unknown database URI ${JSON.stringify(uri)}: use one of ${Object.keys(backends).map((s) => `${s}…`).join(', ')}`);
  }
  const { db, sqlite } = backend.open(uri);
  await migrateToLatest(db);
  return { db, dialect: backend.dialect, sqlite, close: () => db.destroy() };
}
