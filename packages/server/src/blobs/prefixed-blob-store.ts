/** A view of a blob store under a key prefix, so one store can hold separate key spaces. */
import type { Readable } from 'node:stream';
import { canListVersions, checkBlobKey, type BlobInfo, type BlobStore, type BlobVersionLister, type ByteRange, type VersionedBlobInfo } from './blob-store.js';

export class PrefixedBlobStore implements BlobStore, BlobVersionLister {
  private readonly prefix: string;

  /** `prefix` is a clean key without trailing slash. */
  constructor(private readonly inner: BlobStore, prefix: string) {
    checkBlobKey(prefix);
    this.prefix = `${prefix}/`;
  }

  async put(key: string, body: Readable | Uint8Array): Promise<BlobInfo> {
    checkBlobKey(key);
    return { ...(await this.inner.put(this.prefix + key, body)), key };
  }

  get(key: string, range?: ByteRange): Promise<Readable> {
    checkBlobKey(key);
    return this.inner.get(this.prefix + key, range);
  }

  async head(key: string): Promise<BlobInfo | null> {
    checkBlobKey(key);
    const info = await this.inner.head(this.prefix + key);
    return info && { ...info, key };
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    for await (const info of this.inner.list(this.prefix + prefix)) yield { ...info, key: info.key.slice(this.prefix.length) };
  }

  async *listVersions(prefix: string): AsyncIterable<VersionedBlobInfo> {
    if (!canListVersions(this.inner)) {
      for await (const info of this.list(prefix)) yield { ...info, etag: `size-${info.size}` };
      return;
    }
    for await (const info of this.inner.listVersions(this.prefix + prefix)) yield { ...info, key: info.key.slice(this.prefix.length) };
  }

  delete(key: string): Promise<void> {
    checkBlobKey(key);
    return this.inner.delete(this.prefix + key);
  }
}
