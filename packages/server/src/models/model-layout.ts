/**
 * Laying a model version out on disk as v1 does under `AZUREML_MODEL_DIR`: `<dir>/<name>/<version>/<path>`.
 * The version folder appears whole or not at all (written beside it, then renamed), so replicas
 * sharing a folder never load half a model, and one already there is reused.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ModelFile } from '@cairn/api';

/** Where a model file goes under `root`; throws for a path that would leave it (paths are checked at registration too). */
export function fileTarget(root: string, path: string): string {
  const target = join(root, ...path.split('/'));
  const rel = relative(root, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || path.includes('\\')) throw new Error(`model file path ${JSON.stringify(path)} leaves its folder`);
  return target;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** Writes `files` into `versionDir` unless it exists; returns whether this call wrote it. */
export async function layOut(versionDir: string, files: ModelFile[], read: (file: ModelFile) => Promise<Readable>): Promise<boolean> {
  if (await exists(versionDir)) return false;
  const temp = `${versionDir}.partial-${randomBytes(6).toString('hex')}`;
  try {
    for (const file of files) {
      const target = fileTarget(temp, file.path);
      await mkdir(dirname(target), { recursive: true });
      await pipeline(await read(file), createWriteStream(target, { mode: 0o644 }));
    }
    await mkdir(temp, { recursive: true });
    return await rename(temp, versionDir).then(() => true, async (error: NodeJS.ErrnoException) => {
      // Another writer got there first with the same files: theirs is as good as ours.
      if ((error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && (await exists(versionDir))) return false;
      throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
