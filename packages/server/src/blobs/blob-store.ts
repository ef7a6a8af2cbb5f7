/**
 * The narrow byte interface every blob backend implements. Keys are `/`-separated relative paths;
 * content addressing, dedupe and layout live above it (see `content-store.ts`).
 */
import type { Readable } from 'node:stream';

export interface BlobInfo {
  key: string;
  size: number;
}

/** Bytes `start` to `end` of an object, both inclusive (as in an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /** Stores bytes under a key, atomically: readers see the old object or the whole new one, never a part. */
  put(key: string, body: Readable | Uint8Array): Promise<BlobInfo>;
  /** Streams an object, or one byte range of it; throws a `BlobNotFoundError` when absent. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Size of an object, or null when absent. */
  head(key: string): Promise<BlobInfo | null>;
  /** Objects whose key starts with a prefix (a plain string prefix), in key order. */
  list(prefix: string): AsyncIterable<BlobInfo>;
  /** Removes an object; absent is fine. */
  delete(key: string): Promise<void>;
}

/**
 * An optional capability: moving an object without copying its bytes (a rename on disk, a server-side
 * copy on Azure or S3). Callers fall back to get + put + delete when a backend lacks it.
 */
export interface BlobMover {
  /** Moves `from` to `to`, replacing `to` atomically; throws a `BlobNotFoundError` when `from` is absent. */
  move(from: string, to: string): Promise<void>;
}

/** Whether a blob store can move objects without copying them. */
export function canMove(store: BlobStore): store is BlobStore & BlobMover {
  return typeof (store as Partial<BlobMover>).move === 'function';
}

/** A blob that does not exist. */
export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`blob not found: ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

/** Throws unless `key` is a clean relative key: no empty, `.` or `..` segment, no backslash or NUL. */
export function checkBlobKey(key: string): void {
  const bad = key === '' || key.includes('\\') || key.includes('\0') || key.split('/').some((s) => s === '' || s === '.' || s === '..');
  if (bad) throw new Error(`invalid blob key ${JSON.stringify(key)}: keys are relative, /-separated, without empty, . or .. segments`);
}

/** An object with a version marker that changes whenever its content is replaced (ETag, or mtime on disk). */
export interface VersionedBlobInfo extends BlobInfo {
  etag: string;
}

/** An optional capability: listing with version markers, so datasets can tell content changed at the same paths. */
export interface BlobVersionLister {
  /** Like `list`, with each object's ETag (or mtime-size on disk). */
  listVersions(prefix: string): AsyncIterable<VersionedBlobInfo>;
}

/** Whether a blob store lists version markers. */
export function canListVersions(store: BlobStore): store is BlobStore & BlobVersionLister {
  return typeof (store as Partial<BlobVersionLister>).listVersions === 'function';
}
