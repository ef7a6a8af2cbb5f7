/**
 * The contract every `BlobStore` backend passes, written once: the local directory runs it today, and
 * Azure Blob (on Azurite) and S3 run the same function with their own factory.
 */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobNotFoundError, canMove, type BlobInfo, type BlobStore } from '../blob-store.js';

/** A fresh, empty store and a way to remove it. */
export interface BlobStoreFixture {
  store: BlobStore;
  cleanup(): Promise<void>;
}

/** Optional capabilities a backend declares, so a gap is named rather than silently skipped. */
export interface BlobStoreCapabilities {
  move: boolean;
}

async function read(store: BlobStore, key: string, range?: { start: number; end: number }): Promise<Buffer> {
  return buffer(await store.get(key, range));
}

async function keys(store: BlobStore, prefix: string): Promise<string[]> {
  const found: BlobInfo[] = [];
  for await (const info of store.list(prefix)) found.push(info);
  return found.map((i) => i.key);
}

/** A stream that yields some bytes, then fails, as a dropped upload does. */
function failingMidway(): Readable {
  return Readable.from((async function* () {
    yield Buffer.alloc(64 * 1024, 7);
    throw new Error('source failed midway');
  })());
}

/** Runs the BlobStore contract against stores made by `open`. */
export function blobStoreContract(name: string, open: () => Promise<BlobStoreFixture>, capabilities: BlobStoreCapabilities): void {
  describe(`BlobStore contract: ${name}`, () => {
    let fixture: BlobStoreFixture;
    let store: BlobStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => fixture.cleanup());

    it('gets back exactly the bytes it was given, from a buffer or a stream', async () => {
      const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256));
      expect(await store.put('a/buffer.bin', bytes)).toEqual({ key: 'a/buffer.bin', size: bytes.length });
      const chunks = [bytes.subarray(0, 1000), bytes.subarray(1000, 250_000), bytes.subarray(250_000)];
      expect(await store.put('a/stream.bin', Readable.from(chunks))).toEqual({ key: 'a/stream.bin', size: bytes.length });
      expect((await read(store, 'a/buffer.bin')).equals(bytes)).toBe(true);
      expect((await read(store, 'a/stream.bin')).equals(bytes)).toBe(true);
    });

    it('stores an empty object', async () => {
      await store.put('empty', Buffer.alloc(0));
      expect(await store.head('empty')).toEqual({ key: 'empty', size: 0 });
      expect((await read(store, 'empty')).length).toBe(0);
    });

    it('reads a byte range, both ends inclusive', async () => {
      await store.put('r', Buffer.from('0123456789'));
      expect((await read(store, 'r', { start: 2, end: 5 })).toString()).toBe('2345');
      expect((await read(store, 'r', { start: 9, end: 9 })).toString()).toBe('9');
    });

    it('heads an object with its size, and an absent one as null', async () => {
      await store.put('x/y', Buffer.from('hello'));
      expect(await store.head('x/y')).toEqual({ key: 'x/y', size: 5 });
      expect(await store.head('x/nope')).toBeNull();
      expect(await store.head('x')).toBeNull();
    });

    it('throws BlobNotFoundError for an absent object', async () => {
      await expect(store.get('nope/nothing')).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('replaces an object on a second put', async () => {
      await store.put('k', Buffer.from('first version'));
      await store.put('k', Buffer.from('second'));
      expect((await read(store, 'k')).toString()).toBe('second');
      expect(await store.head('k')).toEqual({ key: 'k', size: 6 });
    });

    it('lists by plain string prefix, in key order, with sizes', async () => {
      for (const key of ['b', 'a/b', 'a-c', 'a/a/x', 'ab', 'c/a']) await store.put(key, Buffer.from(key));
      expect(await keys(store, '')).toEqual(['a-c', 'a/a/x', 'a/b', 'ab', 'b', 'c/a']);
      expect(await keys(store, 'a')).toEqual(['a-c', 'a/a/x', 'a/b', 'ab']);
      expect(await keys(store, 'a/')).toEqual(['a/a/x', 'a/b']);
      expect(await keys(store, 'a/a')).toEqual(['a/a/x']);
      expect(await keys(store, 'zzz/')).toEqual([]);
      const infos: BlobInfo[] = [];
      for await (const info of store.list('c/')) infos.push(info);
      expect(infos).toEqual([{ key: 'c/a', size: 3 }]);
    });

    it('deletes an object, and deleting an absent one is fine', async () => {
      await store.put('d/1', Buffer.from('1'));
      await store.delete('d/1');
      await store.delete('d/1');
      await store.delete('never/was');
      expect(await store.head('d/1')).toBeNull();
      expect(await keys(store, '')).toEqual([]);
    });

    it('leaves no object and nothing in list when the stream fails midway', async () => {
      await expect(store.put('failed/object', failingMidway())).rejects.toThrow('source failed midway');
      expect(await store.head('failed/object')).toBeNull();
      expect(await keys(store, '')).toEqual([]);
    });

    it('keeps the old object whole when a replacing put fails midway', async () => {
      await store.put('kept', Buffer.from('the old content'));
      await expect(store.put('kept', failingMidway())).rejects.toThrow('source failed midway');
      expect((await read(store, 'kept')).toString()).toBe('the old content');
      expect(await keys(store, '')).toEqual(['kept']);
    });

    it('shows readers the old object while a put is still writing', async () => {
      await store.put('swap', Buffer.from('old'));
      let firstTaken!: () => void;
      const taken = new Promise<void>((resolve) => { firstTaken = resolve; });
      // read() is first called once the consumer has taken the chunk pushed up front.
      const body = new Readable({ read() { firstTaken(); } });
      body.push(Buffer.alloc(100_000, 1));
      const writing = store.put('swap', body);
      await taken;
      expect((await read(store, 'swap')).toString()).toBe('old');
      body.push(Buffer.alloc(100_000, 2));
      body.push(null);
      expect(await writing).toEqual({ key: 'swap', size: 200_000 });
      expect(await store.head('swap')).toEqual({ key: 'swap', size: 200_000 });
    });

    it('refuses keys that are not clean relative paths', async () => {
      for (const key of ['', '/abs', '../up', 'a/../b', 'a//b', 'a/./b', 'back\\slash', 'nul\0']) {
        await expect(store.put(key, Buffer.from('x')), key).rejects.toThrow();
      }
    });

    it(`declares whether it moves objects without copying (${capabilities.move ? 'it does' : 'it does not'})`, async () => {
      expect(canMove(store)).toBe(capabilities.move);
      if (!canMove(store)) return;
      await store.put('from/here', Buffer.from('moved bytes'));
      await store.put('to/there', Buffer.from('replaced'));
      await store.move('from/here', 'to/there');
      expect(await store.head('from/here')).toBeNull();
      expect((await read(store, 'to/there')).toString()).toBe('moved bytes');
      await expect(store.move('from/here', 'to/else')).rejects.toBeInstanceOf(BlobNotFoundError);
    });
  });
}
