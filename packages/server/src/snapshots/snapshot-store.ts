/** Which content each workspace holds, and the snapshots recorded in it. Manifests live in the content store. */

export interface SnapshotRecord {
  workspaceId: number;
  /** SHA-256 of the canonical manifest. */
  id: string;
  fileCount: number;
  size: number;
  createdAt: number;
}

export interface SnapshotStore {
  /** Of these hashes, those the workspace holds, with their sizes. */
  heldBlobs(workspaceId: number, sha256: readonly string[]): Promise<Map<string, number>>;
  /** Records that the workspace holds this content; recording it again changes nothing. */
  addBlob(workspaceId: number, sha256: string, size: number, createdAt: number): Promise<void>;
  /** Size of the content when the workspace holds it, else null. */
  blobSize(workspaceId: number, sha256: string): Promise<number | null>;
  /** Records a snapshot; returns false, changing nothing, when the workspace already has it. */
  insert(snapshot: SnapshotRecord): Promise<boolean>;
  get(workspaceId: number, id: string): Promise<SnapshotRecord | null>;
}
