/**
 * Uploads a planned snapshot: asks the server which blobs the workspace lacks, streams only those
 * (a few at a time, with one progress bar), then records the manifest.
 */
import { createReadStream } from 'node:fs';
import { CairnError, type SnapshotSummary } from '@cairn/api';
import type { WorkspaceClient } from '@cairn/sdk';
import { CliError } from '../errors.js';
import { trace } from '../trace.js';
import type { Progress } from '../progress.js';
import type { SnapshotPlan } from './snapshot-plan.js';

/** Blobs uploaded at once. */
const CONCURRENCY = 4;

/** What an upload did: the recorded snapshot, and the files and bytes sent. */
export interface UploadResult {
  snapshot: SnapshotSummary;
  filesSent: number;
  bytesSent: number;
}

/** Uploads the blobs the workspace lacks and records the snapshot. */
export async function uploadSnapshot(workspace: WorkspaceClient, plan: SnapshotPlan, progress: Progress): Promise<UploadResult> {
  const missing = new Set(await workspace.blobs.missing([...new Set(plan.files.map((f) => f.sha256))]));
  trace(`blobs/missing: ${missing.size} missing`);
  // One file per missing hash: identical files travel once.
  const toSend = [...new Map(plan.files.filter((f) => missing.has(f.sha256)).map((f) => [f.sha256, f])).values()];
  const total = toSend.reduce((sum, f) => sum + f.size, 0);
  let sent = 0;
  for (let i = 0; i < toSend.length; i += CONCURRENCY) {
    await Promise.all(toSend.slice(i, i + CONCURRENCY).map(async (f) => {
      await uploadOne(workspace, f, (n) => progress.update((sent += n), total));
    }));
  }
  progress.stop();
  const snapshot = await workspace.snapshots.create(plan.files.map(({ path, sha256, size, mode }) => ({ path, sha256, size, mode })));
  return { snapshot, filesSent: toSend.length, bytesSent: total };
}

async function uploadOne(workspace: WorkspaceClient, file: SnapshotPlan['files'][number], onBytes: (n: number) => void): Promise<void> {
  let reported = 0;
  const onProgress = (sent: number) => {
    onBytes(sent - reported);
    reported = sent;
  };
  try {
    await workspace.blobs.upload(file.sha256, createReadStream(file.absolute), { size: file.size, onProgress });
  } catch (error) {
    if (error instanceof CairnError && error.code === 'HASH_MISMATCH') {
      throw new CliError('SNAPSHOT_CHANGED', `${file.path} changed while it was being uploaded`, 1, 'wait until the files are written, then submit again');
    }
    throw error;
  }
}
