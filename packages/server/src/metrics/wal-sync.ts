/**
 * Durable commits without blocking the event loop. With `synchronous = FULL` in WAL mode, SQLite
 * fsyncs the WAL inside COMMIT, and better-sqlite3 runs COMMIT on the one JavaScript thread: every
 * metric group commit stopped the server for the length of an fsync (the largest single cost in the
 * ingestion profile). The only thing FULL adds over NORMAL in WAL mode is that fsync of the WAL at
 * commit (checkpoints sync under both), so a group is committed under NORMAL and the WAL is then
 * fsynced here, on libuv's thread pool, before any batch of the group is acknowledged: the same
 * durability, while the event loop keeps reading and parsing the next requests (ADR 5).
 */
import { close, fsync, open } from 'node:fs';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

interface WalFile {
  path: string;
  /** The connection's own `synchronous` level, restored after each group. */
  level: number;
  /** The WAL, opened at the first sync and kept open (see `syncWal`). */
  fd?: number;
}

const FULL = 2;
const known = new WeakMap<Kysely<Database>, WalFile | null>();
// A database object dropped without a last word still gives its WAL descriptor back.
const closeWhenCollected = new FinalizationRegistry<WalFile>((wal) => {
  if (wal.fd !== undefined) close(wal.fd, () => {});
});

/**
 * Runs `work` on one SQLite connection under `synchronous = NORMAL`, then fsyncs the WAL; falls back
 * to running it as is when the database has no WAL file (in memory) or already syncs less than FULL.
 */
export async function commitThenSyncWal<T>(db: Kysely<Database>, work: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
  let wal: WalFile | null = null;
  const result = await db.connection().execute(async (conn) => {
    wal = known.has(db) ? known.get(db)! : await findWal(db, conn);
    if (wal === null) return work(conn);
    await sql`pragma synchronous = NORMAL`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql.raw(`pragma synchronous = ${wal.level}`).execute(conn);
    }
  });
  if (wal !== null) await syncWal(wal);
  return result;
}

async function findWal(db: Kysely<Database>, conn: Kysely<Database>): Promise<WalFile | null> {
  const mode = (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(conn)).rows[0]?.journal_mode;
  const level = (await sql<{ synchronous: number }>`pragma synchronous`.execute(conn)).rows[0]?.synchronous ?? 0;
  const file = (await sql<{ name: string; file: string }>`pragma database_list`.execute(conn)).rows.find((r) => r.name === 'main')?.file;
  const wal = mode === 'wal' && level >= FULL && file ? { path: `${file}-wal`, level } : null;
  known.set(db, wal);
  if (wal) closeWhenCollected.register(db, wal);
  return wal;
}

/** The descriptor `commitThenSyncWal` fsyncs for `db`, once it has synced; for tests. */
export function walDescriptor(db: Kysely<Database>): number | undefined {
  return known.get(db)?.fd;
}

/**
 * Kept open rather than opened per group (opening and closing it was 4 % of ingestion): SQLite
 * deletes a WAL file only when the last connection to the database closes or leaves WAL mode, and
 * this process holds its connection open for as long as `db` lives, so the file named here stays the
 * WAL; checkpoints rewrite or truncate it in place.
 */
async function syncWal(wal: WalFile): Promise<void> {
  wal.fd ??= await promisify(open)(wal.path, 'r');
  await promisify(fsync)(wal.fd);
}
