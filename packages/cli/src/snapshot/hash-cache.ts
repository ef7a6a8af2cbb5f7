/**
 * A local cache of file hashes keyed by path, size, modification time and inode, so that re-submitting an
 * unchanged directory reads no file again. One file per source directory under the cache directory
 * (`$CAIRN_CACHE_DIR`, else `~/.cairn/cache`), in the columns of `hash-cache-file.ts`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readColumns, writeColumns, type Entry, type StoredColumns } from './hash-cache-file.js';
import type { SourceFile } from './walk.js';

/**
 * A file rewritten with the same size within its clock tick of being hashed would look unchanged, so
 * an entry counts only once it was hashed well after the file's last change (git's "racy" rule).
 */
const RACY_MS = 2000;

function trusted(known: Entry | undefined, f: SourceFile): known is Entry {
  return known !== undefined && known.size === f.size && known.mtimeMs === f.mtimeMs && known.ino === f.ino && known.hashedAt > f.mtimeMs + RACY_MS;
}

/** Files hashed at once: enough to keep a disk busy, few enough to stay under open-file limits. */
const CONCURRENCY = 16;

/** Where the CLI keeps caches. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CAIRN_CACHE_DIR || join(homedir(), '.cairn', 'cache');
}

/** The SHA-256 of a file's bytes, read as a stream. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What hashing found: each file's hash, and how many files and bytes had to be read. */
export interface HashResult {
  sha256: Map<string, string>;
  filesRead: number;
  bytesRead: number;
}

export class HashCache {
  private changed = false;
  /** The entries of the files `hash` was given, trusted or read again: what `save` keeps. */
  private readonly seen = new Map<string, Entry>();

  private constructor(
    private readonly file: string,
    private readonly stored: StoredColumns,
  ) {}

  /** Opens the cache of one source directory; a missing or unreadable cache is an empty one. */
  static async open(sourceDir: string, dir = cacheDir()): Promise<HashCache> {
    const file = join(dir, 'hashes', `${createHash('sha256').update(sourceDir).digest('hex').slice(0, 32)}.bin`);
    return new HashCache(file, readColumns(file));
  }

  /** Hashes the files, reading only those whose size or modification time changed since last time. */
  async hash(files: readonly SourceFile[], onRead: (bytes: number) => void = () => {}): Promise<HashResult> {
    const result: HashResult = { sha256: new Map(), filesRead: 0, bytesRead: 0 };
    const stale = files.filter((f, i) => {
      const known = this.stored.entry(i, f.path);
      if (!trusted(known, f)) return true;
      result.sha256.set(f.path, known.sha256);
      this.seen.set(f.path, known);
      return false;
    });
    for (let i = 0; i < stale.length; i += CONCURRENCY) {
      await Promise.all(stale.slice(i, i + CONCURRENCY).map(async (f) => {
        const hashedAt = Date.now();
        const sha256 = await hashFile(f.absolute);
        this.seen.set(f.path, { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino, sha256, hashedAt });
        this.changed = true;
        result.sha256.set(f.path, sha256);
        result.filesRead += 1;
        result.bytesRead += f.size;
        onRead(f.size);
      }));
    }
    return result;
  }

  /** Writes the cache, keeping only the files seen this time, atomically (temp file, then rename); nothing new, no write. */
  async save(seen: readonly SourceFile[]): Promise<void> {
    if (!this.changed && seen.length === this.stored.count) return;
    const kept = seen.flatMap((f) => {
      const entry = this.seen.get(f.path);
      return entry ? [{ path: f.path, ...entry }] : [];
    });
    await writeColumns(this.file, kept);
    // The JSON cache of earlier versions, which this file replaces.
    await rm(this.file.replace(/\.bin$/, '.json'), { force: true });
  }
}
