/** Blobs in a local directory: write to a temporary file, fsync, rename into place. */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobNotFoundError, checkBlobKey, type BlobInfo, type BlobMover, type BlobStore, type BlobVersionLister, type ByteRange, type VersionedBlobInfo } from './blob-store.js';

/** Directory under the root that holds partial writes; it is not part of the key space. */
export const PARTIAL_DIR = '.partial';

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

export class LocalBlobStore implements BlobStore, BlobMover, BlobVersionLister {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file behind a key; a key that is not clean or would leave the root is refused. */
  private pathOf(key: string): string {
    checkBlobKey(key);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`blob key escapes the store: ${JSON.stringify(key)}`);
    if (key.split('/')[0] === PARTIAL_DIR) throw new Error(`blob key ${JSON.stringify(key)} is reserved for partial writes`);
    return path;
  }

  async put(key: string, body: Readable | Uint8Array): Promise<BlobInfo> {
    const path = this.pathOf(key);
    const temp = join(this.root, PARTIAL_DIR, randomBytes(12).toString('hex'));
    await mkdir(dirname(temp), { recursive: true });
    try {
      const size = await writeDurably(temp, body instanceof Uint8Array ? Readable.from([body]) : body);
      await this.renameInto(temp, path);
      return { key, size };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.pathOf(from);
    const target = this.pathOf(to);
    try {
      await this.renameInto(source, target);
    } catch (error) {
      if (isMissing(error) && !(await this.head(from))) throw new BlobNotFoundError(from);
      throw error;
    }
  }

  /** Renames a file into place and makes the rename itself durable. */
  private async renameInto(source: string, target: string): Promise<void> {
    await mkdir(dirname(target), { recursive: true });
    await rename(source, target);
    const dir = await open(dirname(target), 'r');
    await dir.sync().finally(() => dir.close());
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    // Opening first (rather than head, then open) means a concurrent delete cannot slip in between.
    const handle = await open(path, 'r').catch((error: unknown) => {
      throw isMissing(error) ? new BlobNotFoundError(key) : error;
    });
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async head(key: string): Promise<BlobInfo | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { key, size: info.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    // Start at the deepest directory the prefix names, so listing one run's files does not walk the store.
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    if (base !== '' && !isCleanKey(base)) return;
    yield* this.walk(base, prefix);
  }

  /** Yields the files under a directory key in key order, lazily. */
  private async *walk(dirKey: string, prefix: string): AsyncGenerator<BlobInfo> {
    const entries = await readdir(dirKey ? join(this.root, dirKey) : this.root, { withFileTypes: true }).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    const children = entries
      .filter((e) => dirKey !== '' || e.name !== PARTIAL_DIR)
      .map((e) => ({ key: dirKey ? `${dirKey}/${e.name}` : e.name, dir: e.isDirectory() }))
      // A directory sorts as its name plus '/', which is where its keys fall in plain string order.
      .map((c) => ({ ...c, order: c.dir ? `${c.key}/` : c.key }))
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    for (const child of children) {
      if (child.dir && (child.order.startsWith(prefix) || prefix.startsWith(child.order))) yield* this.walk(child.key, prefix);
      if (!child.dir && child.key.startsWith(prefix)) {
        const info = await this.head(child.key);
        if (info) yield info;
      }
    }
  }

  async *listVersions(prefix: string): AsyncIterable<VersionedBlobInfo> {
    for await (const info of this.list(prefix)) {
      const mtime = await stat(this.pathOf(info.key)).then((s) => s.mtimeMs, () => null);
      if (mtime !== null) yield { ...info, etag: `mtime-${Math.round(mtime * 1000)}-${info.size}` };
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

function isCleanKey(key: string): boolean {
  try {
    checkBlobKey(key);
    return true;
  } catch {
    return false;
  }
}

/** Writes a stream to a new file, fsynced before it is closed; returns the number of bytes written. */
async function writeDurably(path: string, body: Readable): Promise<number> {
  const file = createWriteStream(path, { flags: 'wx', flush: true });
  await pipeline(body, file);
  return file.bytesWritten;
}
