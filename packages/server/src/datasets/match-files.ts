/** Matches a path or glob against a datastore's files, recording size, etag/mtime and (on disk) a hash. */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import { InputError, type DatasetFile } from '@cairn/api';
import { canListVersions, type BlobStore } from '../blobs/blob-store.js';
import { datastorePath } from '../datastores/datastore-files.js';

/** The literal directory a glob starts in, so listing does not walk the whole datastore. */
function literalBase(pattern: string): string {
  const segments = pattern.split('/');
  const firstGlob = segments.findIndex((s) => picomatch.scan(s).isGlob);
  return firstGlob < 0 ? pattern : segments.slice(0, firstGlob).join('/');
}

/** Checks a pattern stays inside the root; `*` and `**` are fine, `..` or an absolute path are not. */
function checkPattern(pattern: string): string {
  if (pattern.startsWith('/') || pattern.split('/').some((s) => s === '..')) {
    throw new InputError('PATH_ESCAPES_DATASTORE', `path ${JSON.stringify(pattern)} leaves the datastore root: give a path relative to it, without ..`);
  }
  return pattern.replace(/^\.\/+/, '').replace(/\/+$/, '');
}

/** The files a path (a file, a folder) or a glob names, in path order; none is NO_MATCHING_FILES. */
export async function matchFiles(store: BlobStore, path: string, hashContent: boolean, datastore: string): Promise<DatasetFile[]> {
  const pattern = checkPattern(path);
  const isGlob = picomatch.scan(pattern).isGlob;
  const base = isGlob ? literalBase(pattern) : pattern;
  if (base) datastorePath(base);
  const matches = isGlob ? picomatch(pattern, { dot: false }) : (key: string) => key === pattern || key.startsWith(`${pattern}/`);
  const files: DatasetFile[] = [];
  const listing = canListVersions(store) ? store.listVersions(base) : store.list(base);
  for await (const info of listing) {
    if (!matches(info.key)) continue;
    const etag = 'etag' in info ? (info.etag as string) : null;
    files.push({ path: info.key, size: info.size, etag, sha256: hashContent ? await hashOf(store, info.key) : null });
  }
  if (files.length === 0) throw new InputError('NO_MATCHING_FILES', `no file on datastore ${datastore} matches ${JSON.stringify(path)}`, { datastore, path });
  return files;
}

async function hashOf(store: BlobStore, key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await store.get(key)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** One hash over the sorted file list: equal files (paths, sizes, etags, hashes) give an equal fingerprint. */
export function fingerprintOf(files: DatasetFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(JSON.stringify([f.path, f.size, f.etag, f.sha256])).update('\n');
  return hash.digest('hex');
}
