/** Moving bytes in and out of a datastore: hashed uploads, listings, downloads with ranges. */
import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { InputError, NotFoundError, type DatastoreFile } from '@cairn/api';
import { BlobNotFoundError, checkBlobKey, type BlobStore, type ByteRange } from '../blobs/blob-store.js';

/** A relative, clean path inside the datastore; anything leaving the root is refused. */
export function datastorePath(path: string): string {
  const clean = path.replace(/^\.\//, '');
  try {
    checkBlobKey(clean);
  } catch {
    throw new InputError('PATH_ESCAPES_DATASTORE', `path ${JSON.stringify(path)} leaves the datastore root: give a relative path without . or .. segments`);
  }
  return clean;
}

/** Stores one file; with `sha256`, bytes that hash otherwise are removed again and refused. */
export async function uploadFile(store: BlobStore, path: string, body: Readable, sha256?: string): Promise<DatastoreFile> {
  const key = datastorePath(path);
  const hash = createHash('sha256');
  const hashing = new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); } });
  body.on('error', (error) => hashing.destroy(error));
  const info = await store.put(key, body.pipe(hashing));
  const actual = hash.digest('hex');
  if (sha256 && actual !== sha256) {
    await store.delete(key);
    throw new InputError('HASH_MISMATCH', `${path}: the bytes hash to ${actual}, not ${sha256}; upload it again`);
  }
  return { path: key, size: info.size };
}

/** Files under a prefix, in path order. */
export async function listFiles(store: BlobStore, prefix = ''): Promise<DatastoreFile[]> {
  const items: DatastoreFile[] = [];
  for await (const info of store.list(prefix)) items.push({ path: info.key, size: info.size });
  return items;
}

/** Opens one file (or a range) for download; an absent one is FILE_NOT_FOUND. */
export async function readFile(store: BlobStore, path: string, range?: ByteRange): Promise<Readable> {
  try {
    return (await store.get(datastorePath(path), range)).pipe(new PassThrough());
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw new NotFoundError('FILE_NOT_FOUND', `the datastore has no file ${path}`);
    throw error;
  }
}
