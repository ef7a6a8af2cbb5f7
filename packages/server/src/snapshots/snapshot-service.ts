/** The rules of blobs and snapshots: content verified against its hash, held per workspace, manifests complete. */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { InputError, NotFoundError, type Snapshot, type SnapshotFile, type SnapshotSummary } from '@cairn/api';
import type { ByteRange } from '../blobs/blob-store.js';
import type { ContentStore } from '../blobs/content-store.js';
import type { WorkspaceRef } from '../http/implement.js';
import { canonicalFiles, checkManifestPaths, manifestBytes, parseManifest } from './manifest.js';
import type { SnapshotStore } from './snapshot-store.js';

/** Most missing hashes named in a SNAPSHOT_INCOMPLETE message (details list them all). */
const SHOWN = 5;

export class SnapshotService {
  constructor(
    private readonly store: SnapshotStore,
    private readonly content: ContentStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The hashes the workspace does not hold, in the order given, without duplicates. */
  async missing(workspace: WorkspaceRef, sha256: readonly string[]): Promise<string[]> {
    const held = await this.store.heldBlobs(workspace.id, sha256);
    return [...new Set(sha256)].filter((h) => !held.has(h));
  }

  /** Stores uploaded bytes; they count for the workspace only when they hash to what the client said. */
  async upload(workspace: WorkspaceRef, expected: string, body: Readable): Promise<{ sha256: string; size: number }> {
    const stored = await this.content.putStream(body);
    if (stored.sha256 !== expected) {
      const message = `uploaded bytes hash to ${stored.sha256}, not ${expected}: the file changed while it was read, or the upload was altered`;
      throw new InputError('HASH_MISMATCH', message, { expected, actual: stored.sha256, size: stored.size });
    }
    await this.store.addBlob(workspace.id, stored.sha256, stored.size, this.now());
    return stored;
  }

  /** Size of content the workspace holds, or BLOB_NOT_FOUND. */
  async blobSize(workspace: WorkspaceRef, sha256: string): Promise<number> {
    const size = await this.store.blobSize(workspace.id, sha256);
    if (size === null) throw new NotFoundError('BLOB_NOT_FOUND', `workspace ${workspace.name} holds no content with SHA-256 ${sha256}`, { sha256 });
    return size;
  }

  /** Streams content the workspace holds (check with `blobSize` first). */
  read(sha256: string, range?: ByteRange): Promise<Readable> {
    return this.content.get(sha256, range);
  }

  /** Records a snapshot of uploaded blobs; the same files again give the same id and change nothing. */
  async create(workspace: WorkspaceRef, files: readonly SnapshotFile[]): Promise<SnapshotSummary & { created: boolean }> {
    const sorted = canonicalFiles(files);
    checkManifestPaths(sorted);
    await this.requireBlobs(workspace, sorted);
    const { id, bytes } = manifestBytes(sorted);
    const summary = { id, fileCount: sorted.length, size: sorted.reduce((sum, f) => sum + f.size, 0) };
    if (await this.store.get(workspace.id, id)) return { ...summary, created: false };
    // Manifest first: a recorded snapshot always has its manifest.
    await this.content.putStream(Readable.from([bytes]));
    const created = await this.store.insert({ workspaceId: workspace.id, ...summary, createdAt: this.now() });
    return { ...summary, created };
  }

  /** A snapshot's manifest, or SNAPSHOT_NOT_FOUND. */
  async get(workspace: WorkspaceRef, id: string): Promise<Snapshot> {
    const record = await this.store.get(workspace.id, id);
    if (!record) throw new NotFoundError('SNAPSHOT_NOT_FOUND', `workspace ${workspace.name} has no snapshot ${id}`, { id });
    const files = parseManifest(await buffer(await this.content.get(id)));
    return { id, fileCount: record.fileCount, size: record.size, createdAt: record.createdAt, files };
  }

  private async requireBlobs(workspace: WorkspaceRef, files: readonly SnapshotFile[]): Promise<void> {
    const held = await this.store.heldBlobs(workspace.id, files.map((f) => f.sha256));
    const missing = [...new Set(files.filter((f) => !held.has(f.sha256)).map((f) => f.sha256))];
    if (missing.length > 0) {
      const shown = missing.slice(0, SHOWN).join(', ') + (missing.length > SHOWN ? `, … (${missing.length} in all)` : '');
      throw new InputError('SNAPSHOT_INCOMPLETE', `the workspace lacks ${missing.length} blob(s) this snapshot names; upload them first: ${shown}`, { missing });
    }
    const wrong = files.find((f) => held.get(f.sha256) !== f.size);
    if (wrong) throw new InputError('INVALID_INPUT', `${wrong.path}: size ${wrong.size} differs from its content's ${held.get(wrong.sha256)} bytes`, { path: wrong.path });
  }
}
