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
import type BetterSqlite3 from 'better-sqlite3';

const FULL = 2;
const NORMAL = 1;
// A database object dropped without a last word still gives its WAL descriptor back.
const closeWhenCollected = new FinalizationRegistry<{ fd?: number }>((wal) => {
  if (wal.fd !== undefined) close(wal.fd, () => {});
});

/** The WAL of one SQLite connection that syncs at FULL: commits run under NORMAL, then `sync()` fsyncs it. */
export class WalSync {
  /** The WAL's descriptor, opened at the first sync and kept open (see `sync`); apart, so the registry can close it. */
  private readonly file: { fd?: number } = {};

  private constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly path: string,
    private readonly level: number,
  ) {
    closeWhenCollected.register(this, this.file);
  }

  /** The WAL of `raw`, or null when it has none (in memory, another journal mode) or syncs less than FULL. */
  static of(raw: BetterSqlite3.Database): WalSync | null {
    const mode = raw.pragma('journal_mode', { simple: true });
    const level = raw.pragma('synchronous', { simple: true }) as number;
    const file = (raw.pragma('database_list') as { name: string; file: string }[]).find((r) => r.name === 'main')?.file;
    return mode === 'wal' && level >= FULL && file ? new WalSync(raw, `${file}-wal`, level) : null;
  }

  /** Runs `work` (which commits) under `synchronous = NORMAL`, and gives the connection its own level back after. */
  async underNormal<T>(work: () => Promise<T>): Promise<T> {
    // exec, not a prepared statement: SQLite applies this pragma when it is prepared, not when it runs.
    this.raw.exec(`pragma synchronous = ${NORMAL}`);
    try {
      return await work();
    } finally {
      this.raw.exec(`pragma synchronous = ${this.level}`);
    }
  }

  /**
   * Fsyncs the WAL. Kept open rather than opened per group (opening and closing it was 4 % of
   * ingestion): SQLite deletes a WAL file only when the last connection to the database closes or
   * leaves WAL mode, and the server holds its connection open, so the file named here stays the WAL;
   * checkpoints rewrite or truncate it in place.
   */
  async sync(): Promise<void> {
    this.file.fd ??= await promisify(open)(this.path, 'r');
    await promisify(fsync)(this.file.fd);
  }

  /** The descriptor `sync` fsyncs, once it has synced; for tests. */
  get descriptor(): number | undefined {
    return this.file.fd;
  }
}
