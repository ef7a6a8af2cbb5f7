/**
 * Content addressing over any `BlobStore`, written once for every backend: an object lives under
 * `sha256/<ab>/<cd>/<hash>`, so identical bytes (a run output, a snapshot file, a model file) are
 * stored once however often they are uploaded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import { InputError } from '@cairn/api';
import { canMove, type BlobStore, type ByteRange } from './blob-store.js';

/** What an upload stored: its SHA-256 (lowercase hex) and size in bytes. */
export interface StoredContent {
  sha256: string;
  size: number;
}

/** Prefix of uploads in flight; the key holds the start time so a sweeper can tell abandoned ones. */
export const TEMP_PREFIX = 'tmp/';
const SHA256 = /^[0-9a-f]{64}$/;
const HEAD_CONCURRENCY = 16;

/** The blob key of a content hash. */
export function contentKey(sha256: string): string {
  if (!SHA256.test(sha256)) throw new InputError('INVALID_INPUT', `invalid SHA-256 ${JSON.stringify(sha256)}: expected 64 lowercase hex digits`);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export class ContentStore {
  constructor(
    private readonly blobs: BlobStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores a stream under its hash. The bytes go once, hashed on the way, into a temporary blob;
   * once the hash is known the temporary blob is moved into place, or dropped if that content exists.
   */
  async putStream(body: Readable): Promise<StoredContent> {
    const temp = `${TEMP_PREFIX}${this.now()}-${randomBytes(8).toString('hex')}`;
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    // pipeline() carries a source failure into the blob write, which then leaves nothing behind.
    const { size } = await this.blobs.put(temp, pipeline(body, hashing, () => {}));
    const sha256 = hash.digest('hex');
    await this.keep(temp, contentKey(sha256));
    return { sha256, size };
  }

  /** Moves a temporary blob to its content key unless that key already holds the same bytes. */
  private async keep(temp: string, key: string): Promise<void> {
    try {
      if (await this.blobs.head(key)) return;
      if (canMove(this.blobs)) return await this.blobs.move(temp, key);
      await this.blobs.put(key, await this.blobs.get(temp));
    } finally {
      // Absent after a move, which delete allows.
      await this.blobs.delete(temp);
    }
  }

  /** Whether content with this hash is stored. */
  async has(sha256: string): Promise<boolean> {
    return (await this.blobs.head(contentKey(sha256))) !== null;
  }

  /** The hashes of a list that are not stored yet, in the order given, without duplicates. */
  async missing(hashes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(hashes)];
    unique.forEach(contentKey);
    const absent = new Set<string>();
    for (let i = 0; i < unique.length; i += HEAD_CONCURRENCY) {
      const batch = unique.slice(i, i + HEAD_CONCURRENCY);
      const found = await Promise.all(batch.map((h) => this.has(h)));
      batch.forEach((h, j) => found[j] || absent.add(h));
    }
    return unique.filter((h) => absent.has(h));
  }

  /** Streams stored content (or a byte range of it); throws a `BlobNotFoundError` when absent. */
  get(sha256: string, range?: ByteRange): Promise<Readable> {
    return this.blobs.get(contentKey(sha256), range);
  }
}
