/**
 * Snapshots: a run's code, as a manifest of files whose bytes live in the workspace's content store.
 * A client asks which blobs are missing, uploads those, then records the manifest; identical code
 * gives the same snapshot id, so re-submitting an unchanged directory uploads nothing.
 */
import { z } from 'zod';
import { Time, WorkspaceParams } from '../common.js';
import { defineRoute } from '../route.js';

/** A SHA-256 content hash: 64 lowercase hex digits. */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** Largest number of files one snapshot may hold. */
export const MAX_SNAPSHOT_FILES = 100_000;

export const SnapshotFile = z.strictObject({
  /** Relative, `/`-separated, following the run file path rules. */
  path: z.string().min(1).max(5000),
  sha256: Sha256,
  size: z.number().int().min(0),
  /** Unix permission bits (e.g. 0o644, 0o755); the runner keeps the executable bit. */
  mode: z.number().int().min(0).max(0o7777),
});
export type SnapshotFile = z.infer<typeof SnapshotFile>;

export const SnapshotSummary = z.object({ id: Sha256, fileCount: z.number().int(), size: z.number().int() });
export type SnapshotSummary = z.infer<typeof SnapshotSummary>;

export const Snapshot = SnapshotSummary.extend({ createdAt: Time, files: z.array(SnapshotFile) });
export type Snapshot = z.infer<typeof Snapshot>;

const BlobParams = WorkspaceParams.extend({ sha256: Sha256 });
const SnapshotParams = WorkspaceParams.extend({ snapshotId: Sha256 });

/** Content-addressed bytes of a workspace (snapshot files today). */
export const blobRoutes = {
  missing: defineRoute({
    id: 'blobs.missing', method: 'POST', path: '/workspaces/{workspace}/blobs/missing',
    summary: 'Which of these content hashes the workspace does not hold yet', action: 'runs.write', params: WorkspaceParams,
    body: z.object({ sha256: z.array(Sha256).max(MAX_SNAPSHOT_FILES) }), response: z.object({ missing: z.array(Sha256) }),
  }),
  upload: defineRoute({
    id: 'blobs.upload', method: 'PUT', path: '/workspaces/{workspace}/blobs/{sha256}',
    summary: 'Upload bytes under their SHA-256 (streamed; HASH_MISMATCH when they hash otherwise)', action: 'runs.write',
    params: BlobParams, bodyKind: 'stream', response: z.object({ sha256: Sha256, size: z.number().int() }), status: 201,
  }),
  download: defineRoute({
    id: 'blobs.download', method: 'GET', path: '/workspaces/{workspace}/blobs/{sha256}',
    summary: 'Download bytes by their SHA-256', action: 'runs.read', params: BlobParams, responseKind: 'bytes',
  }),
};

export const snapshotRoutes = {
  create: defineRoute({
    id: 'snapshots.create', method: 'POST', path: '/workspaces/{workspace}/snapshots',
    summary: 'Record a snapshot manifest; every blob must be uploaded first (SNAPSHOT_INCOMPLETE lists the missing)',
    action: 'runs.write', params: WorkspaceParams,
    body: z.object({ files: z.array(SnapshotFile).max(MAX_SNAPSHOT_FILES) }), response: SnapshotSummary, status: 201,
  }),
  get: defineRoute({
    id: 'snapshots.get', method: 'GET', path: '/workspaces/{workspace}/snapshots/{snapshotId}',
    summary: 'A snapshot manifest: every file with its hash, size and mode', action: 'runs.read', params: SnapshotParams, response: Snapshot,
  }),
};
