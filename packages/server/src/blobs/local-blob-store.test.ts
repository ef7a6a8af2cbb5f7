import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LocalBlobStore, PARTIAL_DIR } from './local-blob-store.js';
import { openBlobStore } from './open-blob-store.js';
import { blobStoreContract } from './test-support/blob-store-contract.js';

async function tempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'cairn-blobs-'));
}

blobStoreContract('local directory', async () => {
  const root = await tempRoot();
  return { store: new LocalBlobStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
}, { move: true });

describe('LocalBlobStore on disk', () => {
  it('keeps objects as plain files under the root, and no temporary file after a failed write', async () => {
    const root = await tempRoot();
    const store = new LocalBlobStore(root);
    await store.put('a/b.txt', Buffer.from('on disk'));
    const failing = Readable.from((async function* () { yield Buffer.from('partial'); throw new Error('dropped'); })());
    await expect(store.put('a/c.txt', failing)).rejects.toThrow('dropped');
    expect(await readdir(join(root, 'a'))).toEqual(['b.txt']);
    expect(await readdir(join(root, PARTIAL_DIR))).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });

  it('refuses the key space it keeps partial writes in', async () => {
    const root = await tempRoot();
    await expect(new LocalBlobStore(root).put(`${PARTIAL_DIR}/x`, Buffer.from('x'))).rejects.toThrow('reserved');
    await rm(root, { recursive: true, force: true });
  });

  it('is chosen by the file: scheme, and an unknown scheme names the known ones', async () => {
    const root = await tempRoot();
    await openBlobStore(`file:${root}`).put('k', Buffer.from('v'));
    expect(await readdir(root)).toContain('k');
    expect(() => openBlobStore('gopher://x')).toThrow('file:');
    await rm(root, { recursive: true, force: true });
  });
});
