/**
 * The canonical form of a snapshot manifest: files in code point order of their paths, each written
 * with its fields in a fixed order. The snapshot id is the SHA-256 of these bytes, so the same files
 * always give the same id, whatever order a client listed them in.
 */
import { createHash } from 'node:crypto';
import { InputError, type SnapshotFile } from '@cairn/api';
import { checkRunFilePath } from '../files/file-paths.js';

/** UTF-8 byte order is code point order, the same on every machine and database. */
const byPath = (a: SnapshotFile, b: SnapshotFile) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));

/** The files sorted, with exactly the manifest fields. */
export function canonicalFiles(files: readonly SnapshotFile[]): SnapshotFile[] {
  return files.map(({ path, sha256, size, mode }) => ({ path, sha256, size, mode })).sort(byPath);
}

/** The manifest bytes and their hash, the snapshot id. */
export function manifestBytes(files: readonly SnapshotFile[]): { id: string; bytes: Buffer } {
  const bytes = Buffer.from(JSON.stringify({ version: 1, files: canonicalFiles(files) }));
  return { id: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/** Throws INVALID_INPUT when a path breaks the run file rules, repeats, or is also a folder of another path. */
export function checkManifestPaths(sorted: readonly SnapshotFile[]): void {
  const paths = new Set<string>();
  for (const file of sorted) {
    checkRunFilePath(file.path);
    if (paths.has(file.path)) throw new InputError('INVALID_INPUT', `snapshot lists ${JSON.stringify(file.path)} twice`, { path: file.path });
    paths.add(file.path);
  }
  for (const path of paths) {
    const folders = path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    const clash = folders.find((folder) => paths.has(folder));
    if (clash) throw new InputError('INVALID_INPUT', `snapshot lists ${JSON.stringify(clash)} as a file and as the folder of ${JSON.stringify(path)}`, { path });
  }
}

/** Parses stored manifest bytes. */
export function parseManifest(bytes: Buffer): SnapshotFile[] {
  return (JSON.parse(bytes.toString('utf8')) as { files: SnapshotFile[] }).files;
}
