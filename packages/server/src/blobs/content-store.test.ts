import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store.js';
import { ContentStore } from './content-store.js';
import { LocalBlobStore } from './local-blob-store.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A real local store seen only through the five BlobStore methods, as a backend without move is. */
function withoutMove(store: BlobStore): BlobStore {
  return {
    put: (key, body) => store.put(key, body),
    get: (key, range) => store.get(key, range),
    head: (key) => store.head(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => store.delete(key),
  };
}

async function allKeys(blobs: BlobStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of blobs.list('')) keys.push(info.key);
  return keys;
}

describe.each([
  { name: 'moving backend', wrap: (s: BlobStore) => s },
  { name: 'copy-only backend', wrap: withoutMove },
])('ContentStore on a $name', ({ wrap }) => {
  let root: string;
  let blobs: BlobStore;
  let content: ContentStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cairn-content-'));
    blobs = wrap(new LocalBlobStore(root));
    content = new ContentStore(blobs);
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('stores a stream under its SHA-256 and gives the same bytes back', async () => {
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 251));
    const stored = await content.putStream(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
    expect(stored).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect(await allKeys(blobs)).toEqual([`sha256/${stored.sha256.slice(0, 2)}/${stored.sha256.slice(2, 4)}/${stored.sha256}`]);
    expect((await buffer(await content.get(stored.sha256))).equals(bytes)).toBe(true);
    expect((await buffer(await content.get(stored.sha256, { start: 5, end: 9 }))).equals(bytes.subarray(5, 10))).toBe(true);
  });

  it('stores identical content once, however often and however concurrently it arrives', async () => {
    const bytes = Buffer.from('the same model weights');
    const results = await Promise.all([1, 2, 3, 4].map(() => content.putStream(Readable.from([bytes]))));
    await content.putStream(Readable.from([Buffer.from('other')]));
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha(bytes)]));
    expect((await allKeys(blobs)).length).toBe(2);
  });

  it('says which hashes it has and which are missing, in the order asked, once each', async () => {
    const a = await content.putStream(Readable.from([Buffer.from('a')]));
    const b = sha(Buffer.from('b'));
    const c = sha(Buffer.from('c'));
    expect(await content.has(a.sha256)).toBe(true);
    expect(await content.has(b)).toBe(false);
    expect(await content.missing([c, a.sha256, b, c])).toEqual([c, b]);
    expect(await content.missing([])).toEqual([]);
  });

  it('rejects something that is not a SHA-256 with INVALID_INPUT', async () => {
    await expect(content.missing(['../../etc/passwd'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(content.has('ABC')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('leaves nothing behind when the upload stream fails midway', async () => {
    const failing = Readable.from((async function* () { yield Buffer.alloc(100_000); throw new Error('client went away'); })());
    await expect(content.putStream(failing)).rejects.toThrow('client went away');
    expect(await allKeys(blobs)).toEqual([]);
  });
});
