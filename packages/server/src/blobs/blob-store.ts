/**
 * The narrow byte interface every blob backend implements. Keys are `/`-separated relative paths;
 * content addressing, dedupe and layout live above it (see `content-store.ts`).
 */
import type { Readable } from 'node:stream';

export interface BlobInfo {
  key: string;
  size: number;
}

export interface BlobStore {
  /** Stores bytes under a key, atomically: readers see the old object or the whole new one. */
  put(key: string, body: Readable | Uint8Array): Promise<BlobInfo>;
  /** Streams an object; throws a `BlobNotFoundError` when absent. */
  get(key: string): Promise<Readable>;
  /** Size of an object, or null when absent. */
  head(key: string): Promise<BlobInfo | null>;
  /** Objects whose key starts with a prefix, in key order. */
  list(prefix: string): AsyncIterable<BlobInfo>;
  /** Removes an object; absent is fine. */
  delete(key: string): Promise<void>;
}

/** A blob that does not exist. */
export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`blob not found: ${key}`);
    this.name = 'BlobNotFoundError';
  }
}
