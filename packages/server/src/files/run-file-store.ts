/** Run files: `(run, path) → content hash, size, content type`; the bytes live in the content store. */
export interface RunFileRecord {
  runId: string;
  path: string;
  sha256: string;
  size: number;
  contentType: string;
  createdAt: number;
}

/** Which files of a run to list: a plain string prefix of the path, and a page after a path. */
export interface RunFileQuery {
  prefix?: string;
  after?: string;
  limit?: number;
}

export interface RunFileStore {
  /** Whether a run with this id exists in the workspace. */
  runExists(workspaceId: number, runId: string): Promise<boolean>;
  /** Inserts a record; returns false, changing nothing, when the run already has a file at that path. */
  insert(file: RunFileRecord): Promise<boolean>;
  /** Inserts a record, replacing the one at the same path. */
  replace(file: RunFileRecord): Promise<void>;
  get(runId: string, path: string): Promise<RunFileRecord | null>;
  /** Files of a run in path order (code point order on every backend). */
  list(runId: string, query?: RunFileQuery): Promise<RunFileRecord[]>;
}
