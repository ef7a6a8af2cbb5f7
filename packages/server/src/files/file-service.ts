/** The rules of run files: write-once paths, content stored once, runs checked in their workspace. */
import type { Readable } from 'node:stream';
import { ConflictError, NotFoundError, type RunFile } from '@cairn/api';
import type { ByteRange } from '../blobs/blob-store.js';
import type { ContentStore } from '../blobs/content-store.js';
import type { WorkspaceRef } from '../http/implement.js';
import { contentTypeOf } from './content-types.js';
import { checkRunFilePath } from './file-paths.js';
import type { RunFileRecord, RunFileStore } from './run-file-store.js';

/** Files read per query while streaming an archive. */
const PAGE = 500;

/** The outcome of an upload: the file, and whether this upload created it (or found or replaced it). */
export interface UploadResult {
  file: RunFile;
  created: boolean;
}

const toApi = (f: RunFileRecord): RunFile => ({ path: f.path, size: f.size, sha256: f.sha256, contentType: f.contentType, createdAt: f.createdAt });

export class FileService {
  constructor(
    private readonly store: RunFileStore,
    private readonly content: ContentStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores a file of a run; the same content again is fine, other content needs `overwrite`. */
  async upload(workspace: WorkspaceRef, runId: string, path: string, body: Readable, overwrite: boolean): Promise<UploadResult> {
    checkRunFilePath(path);
    await this.requireRun(workspace, runId);
    const { sha256, size } = await this.content.putStream(body);
    const record: RunFileRecord = { runId, path, sha256, size, contentType: contentTypeOf(path), createdAt: this.now() };
    if (await this.store.insert(record)) return { file: toApi(record), created: true };
    const existing = await this.store.get(runId, path);
    if (existing?.sha256 === sha256) return { file: toApi(existing), created: false };
    if (existing && !overwrite) {
      const message = `run ${runId} already has a file at ${path} with other content (sha256 ${existing.sha256}); run file paths are write-once: upload with overwrite=true to replace it`;
      throw new ConflictError('FILE_EXISTS', message, { path, sha256: existing.sha256 });
    }
    await this.store.replace(record);
    return { file: toApi(record), created: false };
  }

  /** The run's files whose path starts with `prefix`, in path order. */
  async list(workspace: WorkspaceRef, runId: string, prefix?: string): Promise<RunFile[]> {
    await this.requireRun(workspace, runId);
    return (await this.store.list(runId, { prefix })).map(toApi);
  }

  /** One file of the run, or FILE_NOT_FOUND. */
  async find(workspace: WorkspaceRef, runId: string, path: string): Promise<RunFile> {
    checkRunFilePath(path);
    await this.requireRun(workspace, runId);
    const file = await this.store.get(runId, path);
    if (!file) throw fileNotFound(workspace, runId, `no file at ${path}`);
    return toApi(file);
  }

  /** The bytes of a file found with `find`, whole or one range. */
  read(file: RunFile, range?: ByteRange): Promise<Readable> {
    return this.content.get(file.sha256, range);
  }

  /**
   * The run's files under a prefix, page by page, for an archive; FILE_NOT_FOUND when there are none,
   * checked before the first byte is sent.
   */
  async pages(workspace: WorkspaceRef, runId: string, prefix?: string): Promise<AsyncIterable<RunFile[]>> {
    await this.requireRun(workspace, runId);
    const first = await this.store.list(runId, { prefix, limit: PAGE });
    if (first.length === 0) throw fileNotFound(workspace, runId, prefix ? `no files under ${prefix}` : 'no files');
    return pagesFrom(this.store, runId, prefix, first);
  }

  private async requireRun(workspace: WorkspaceRef, runId: string): Promise<void> {
    if (await this.store.runExists(workspace.id, runId)) return;
    throw new NotFoundError('RUN_NOT_FOUND', `no run ${runId} in workspace ${workspace.name}; list runs with \`cairn run list\``);
  }
}

async function* pagesFrom(store: RunFileStore, runId: string, prefix: string | undefined, first: RunFileRecord[]): AsyncGenerator<RunFile[]> {
  let page = first;
  while (page.length > 0) {
    yield page.map(toApi);
    if (page.length < PAGE) return;
    page = await store.list(runId, { prefix, after: page.at(-1)!.path, limit: PAGE });
  }
}

function fileNotFound(workspace: WorkspaceRef, runId: string, what: string): NotFoundError {
  const list = `GET /api/v1/workspaces/${workspace.name}/runs/${runId}/files`;
  return new NotFoundError('FILE_NOT_FOUND', `run ${runId} has ${what}; list its files (${list}) to see what it holds`);
}
