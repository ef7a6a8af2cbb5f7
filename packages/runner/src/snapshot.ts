/**
 * Materializes a run's snapshot into a fresh working directory: blobs come from a node-local cache
 * keyed by SHA-256 (downloaded once per node), and every path must stay inside the directory.
 */
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ServerClient } from './server-client.js';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
  mode: number;
}

/** Thrown when the snapshot cannot be fetched: a platform failure (SNAPSHOT_MISSING). */
export class SnapshotError extends Error {}

/** The target path of a manifest entry, refusing any that would land outside `root`. */
export function safeTarget(root: string, path: string): string {
  const target = resolve(root, path);
  const rel = relative(root, target);
  if (path.includes('\0') || isAbsolute(path) || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new SnapshotError(`snapshot entry ${JSON.stringify(path)} would land outside the working directory`);
  }
  return target;
}

/** Downloads (or reuses) every blob and writes the files under `workDir`. */
export async function materializeSnapshot(client: ServerClient, snapshotId: string, workDir: string, cacheDir: string): Promise<number> {
  let files: ManifestFile[];
  try {
    files = (await client.json<{ files: ManifestFile[] }>('GET', `/snapshots/${snapshotId}`)).files;
  } catch (error) {
    throw new SnapshotError(`snapshot ${snapshotId} could not be read: ${(error as Error).message}`);
  }
  await mkdir(workDir, { recursive: true });
  for (const file of files) {
    const target = safeTarget(workDir, file.path);
    const cached = await cachedBlob(client, cacheDir, file.sha256);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(cached, target);
    await chmod(target, file.mode & 0o777);
  }
  return files.length;
}

async function cachedBlob(client: ServerClient, cacheDir: string, sha256: string): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new SnapshotError(`bad blob hash ${sha256}`);
  const path = join(cacheDir, 'blobs', sha256.slice(0, 2), sha256);
  if (await stat(path).then(() => true, () => false)) return path;
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await (await client.bytes(`/blobs/${sha256}`)).arrayBuffer());
  } catch (error) {
    throw new SnapshotError(`blob ${sha256} of the snapshot could not be downloaded: ${(error as Error).message}`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new SnapshotError(`blob ${sha256} arrived with other content`);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
  return path;
}
