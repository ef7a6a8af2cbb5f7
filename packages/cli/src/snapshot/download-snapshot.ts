/**
 * `cairn run download RUN_ID --snapshot`: writes the code a run executed into a directory, file by
 * file from the workspace's blobs, each path checked to stay inside the directory.
 */
import { createWriteStream } from 'node:fs';
import { access, chmod, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { SnapshotFile } from '@cairn/api';
import type { WorkspaceClient } from '@cairn/sdk';
import { CliError, exitCodes } from '../errors.js';
import { formatBytes } from '../format.js';
import { note } from '../output.js';
import { safeDestination } from '../paths.js';
import { byteProgress } from '../progress.js';

/** The snapshot id a run records (`ContentSnapshotId` is v1's name for it). */
export function snapshotIdOf(properties: Record<string, string | null>): string | undefined {
  return properties.snapshotId ?? properties.ContentSnapshotId ?? undefined;
}

/** Downloads a run's snapshot into `outDir`; existing files are kept unless `overwrite`. */
export async function downloadSnapshot(workspace: WorkspaceClient, runId: string, outDir: string, overwrite: boolean): Promise<void> {
  const run = await workspace.runs.get(runId);
  const id = snapshotIdOf(run.properties);
  if (!id) throw new CliError('SNAPSHOT_NOT_FOUND', `run ${runId} has no snapshot: it was not submitted with its code`, exitCodes.notFound, 'only submitted runs (cairn run submit-script) record their code');
  const snapshot = await workspace.snapshots.get(id);
  const dir = resolve(outDir);
  const planned = snapshot.files.map((f) => ({ file: f, destination: destinationOf(dir, f) }));
  if (!overwrite) await refuseExisting(planned.map((p) => p.destination));
  const progress = byteProgress(`Downloading the code of ${runId}`);
  let done = 0;
  try {
    for (const { file, destination } of planned) {
      await writeOne(workspace, file, destination, overwrite);
      progress.update((done += file.size), snapshot.size);
    }
  } finally {
    progress.stop();
  }
  note(`Downloaded the snapshot of run ${runId}: ${snapshot.fileCount} file${snapshot.fileCount === 1 ? '' : 's'} (${formatBytes(snapshot.size)}) to ${dir}`);
}

function destinationOf(dir: string, file: SnapshotFile): string {
  const destination = safeDestination(dir, file.path);
  if (!destination) throw new CliError('UNSAFE_ARCHIVE', `snapshot path ${JSON.stringify(file.path)} would land outside ${dir}; nothing was written`);
  return destination;
}

async function writeOne(workspace: WorkspaceClient, file: SnapshotFile, destination: string, overwrite: boolean): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  await pipeline(await workspace.blobs.download(file.sha256), createWriteStream(destination, { flags: overwrite ? 'w' : 'wx' }));
  await chmod(destination, file.mode & 0o777);
}

async function refuseExisting(paths: string[]): Promise<void> {
  const found = (await Promise.all(paths.map((p) => access(p).then(() => p, () => undefined)))).filter((p) => p !== undefined);
  if (found.length === 0) return;
  const listed = found.slice(0, 5).join(', ') + (found.length > 5 ? ` and ${found.length - 5} more` : '');
  throw new CliError('FILE_EXISTS', `would overwrite ${listed}`, exitCodes.conflict, 'add --overwrite to replace them, or choose another directory with -o DIR');
}
