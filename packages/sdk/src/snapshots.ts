/** Blobs and snapshots of a workspace: the code a submitted run executes. */
import type { Readable } from 'node:stream';
import { api, type Snapshot, type SnapshotFile, type SnapshotSummary } from '@cairn/api';
import type { DownloadStream, Transport } from './transport.js';
import type { UploadOptions } from './upload.js';

/** Blob methods of a workspace. */
export class BlobsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** The hashes of a list the workspace does not hold yet. */
  async missing(sha256: string[]): Promise<string[]> {
    return (await this.transport.call(api.blobs.missing, { params: { workspace: this.workspace }, body: { sha256 } })).missing;
  }

  /** Uploads bytes under their SHA-256; the server refuses them (HASH_MISMATCH) if they hash otherwise. */
  upload(sha256: string, body: Readable | Buffer, options: UploadOptions = {}): Promise<{ sha256: string; size: number }> {
    return this.transport.upload(api.blobs.upload, { params: { workspace: this.workspace, sha256 } }, body, options);
  }

  /** Downloads bytes by their SHA-256. */
  download(sha256: string): Promise<DownloadStream> {
    return this.transport.download(api.blobs.download, { params: { workspace: this.workspace, sha256 } });
  }
}

/** Snapshot methods of a workspace. */
export class SnapshotsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** Records a manifest whose blobs are all uploaded; the same files give the same id. */
  create(files: SnapshotFile[]): Promise<SnapshotSummary> {
    return this.transport.call(api.snapshots.create, { params: { workspace: this.workspace }, body: { files } });
  }

  /** A snapshot's manifest. */
  get(id: string): Promise<Snapshot> {
    return this.transport.call(api.snapshots.get, { params: { workspace: this.workspace, snapshotId: id } });
  }
}
