/**
 * Materializes a run's snapshot into a fresh working directory. Blobs come from a node-local cache
 * keyed by SHA-256 (downloaded once per node); each snapshot is extracted once per node into a tree
 * under `cacheDir/trees/<id>`, and a run gets a copy of that tree made by `cp` in one process, which
 * costs a fraction of writing 2,000 files one by one from JavaScript. Every path must stay inside the
 * directory. A copy, not hard links: a script that rewrites one of its files must not change the tree.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, copyFile, cp as copyWithNode, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ServerClient } from './server-client.js';
import type { SpareCopy } from './spare-copy.js';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
  mode: number;
}

/** Thrown when the snapshot cannot be fetched: a platform failure (SNAPSHOT_MISSING). */
export class SnapshotError extends Error {}

/** Files written at once while extracting a tree. */
const CONCURRENCY = 16;

/** The target path of a manifest entry, refusing any that would land outside `root`. */
export function safeTarget(root: string, path: string): string {
  const target = resolve(root, path);
  const rel = relative(root, target);
  if (path.includes('\0') || isAbsolute(path) || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new SnapshotError(`snapshot entry ${JSON.stringify(path)} would land outside the working directory`);
  }
  return target;
}

/** Copies the snapshot's files into `workDir` (created), extracting the snapshot on this node first if needed; answers the file count. */
export async function materializeSnapshot(client: ServerClient, snapshotId: string, workDir: string, cacheDir: string, spare?: SpareCopy | null): Promise<number> {
  if (!/^[0-9a-f]{64}$/.test(snapshotId)) throw new SnapshotError(`bad snapshot id ${snapshotId}`);
  const tree = join(cacheDir, 'trees', snapshotId);
  const count = (await readCount(tree)) ?? (await extractTree(client, snapshotId, tree, cacheDir));
  if (!(await spare?.take(snapshotId, workDir))) {
    await mkdir(workDir, { recursive: true });
    await copyTree(tree, workDir);
  }
  await noteLastSnapshot(cacheDir, snapshotId).catch(() => undefined);
  return count;
}

/** Notes the snapshot a run on this node used last, for the next standby's spare. */
export async function noteLastSnapshot(cacheDir: string, snapshotId: string): Promise<void> {
  const temp = join(cacheDir, 'trees', `LAST.${process.pid}.tmp`);
  await writeFile(temp, snapshotId);
  await rename(temp, join(cacheDir, 'trees', 'LAST'));
}

/** The file count of a finished tree; null when there is none (the count file is written just before the tree appears). */
export async function readCount(tree: string): Promise<number | null> {
  const text = await readFile(`${tree}.count`, 'utf8').catch(() => null);
  if (text === null || !(await stat(tree).then((s) => s.isDirectory(), () => false))) return null;
  return Number(text);
}

/** Extracts into a temporary directory renamed into place, so a tree is whole or absent even with runners racing. */
async function extractTree(client: ServerClient, snapshotId: string, tree: string, cacheDir: string): Promise<number> {
  let files: ManifestFile[];
  try {
    files = (await client.json<{ files: ManifestFile[] }>('GET', `/snapshots/${snapshotId}`)).files;
  } catch (error) {
    throw new SnapshotError(`snapshot ${snapshotId} could not be read: ${(error as Error).message}`);
  }
  const temp = `${tree}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await mkdir(temp, { recursive: true });
  try {
    for (let i = 0; i < files.length; i += CONCURRENCY) {
      await Promise.all(files.slice(i, i + CONCURRENCY).map((file) => writeEntry(client, cacheDir, temp, file)));
    }
    await writeFile(`${tree}.count`, String(files.length));
    await rename(temp, tree).catch((error: NodeJS.ErrnoException) => {
      // Another runner finished the same tree first: theirs is as good.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return files.length;
}

async function writeEntry(client: ServerClient, cacheDir: string, root: string, file: ManifestFile): Promise<void> {
  const target = safeTarget(root, file.path);
  const cached = await cachedBlob(client, cacheDir, file.sha256);
  await mkdir(dirname(target), { recursive: true });
  await copyFile(cached, target);
  await chmod(target, file.mode & 0o777);
}

/**
 * `cp -a` (copy-on-write where the file system has it); Node's own, slower copy where `cp` is missing
 * or refuses. `background` copies at the lowest CPU priority (`nice -n 19`), leaving the machine to
 * whatever else runs.
 */
export async function copyTree(tree: string, workDir: string, background = false): Promise<void> {
  const cp = ['cp', '-a', '--reflink=auto', `${tree}/.`, workDir];
  const copied = await new Promise<boolean>((done) => {
    const command = background ? ['nice', '-n', '19', ...cp] : cp;
    const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore' });
    child.once('error', () => done(false));
    child.once('close', (code) => done(code === 0));
  });
  if (!copied) await copyWithNode(tree, workDir, { recursive: true, preserveTimestamps: true });
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
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
  return path;
}
