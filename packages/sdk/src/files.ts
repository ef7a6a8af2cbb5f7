/** Files of runs: upload streamed, list, download one, or download many as a zip. */
import type { Readable } from 'node:stream';
import { api, type RunFile } from '@cairn/api';
import type { DownloadStream, Transport } from './transport.js';
import type { UploadOptions } from './upload.js';

/** Options of a file upload. */
export interface FileUploadOptions extends UploadOptions {
  /** Replace a file that already holds other content (paths are write-once otherwise). */
  overwrite?: boolean;
}

/** File methods of a workspace. */
export class FilesApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** Uploads one file of a run from a stream or buffer. */
  upload(runId: string, path: string, body: Readable | Buffer, options: FileUploadOptions = {}): Promise<RunFile> {
    const { overwrite, ...upload } = options;
    const query = overwrite === undefined ? {} : { overwrite: overwrite ? 'true' : 'false' } as const;
    return this.transport.upload(api.files.upload, { params: { ...this.#run(runId), path }, query }, body, upload);
  }

  /** A run's files, optionally only those under a prefix. */
  async list(runId: string, prefix?: string): Promise<RunFile[]> {
    return (await this.transport.call(api.files.list, { params: this.#run(runId), query: { prefix } })).items;
  }

  /** Downloads one file of a run as a stream. */
  download(runId: string, path: string): Promise<DownloadStream> {
    return this.transport.download(api.files.download, { params: { ...this.#run(runId), path } });
  }

  /** Downloads the run's files under a prefix as one zip stream. */
  archive(runId: string, prefix?: string): Promise<DownloadStream> {
    return this.transport.download(api.files.archive, { params: this.#run(runId), query: { prefix } });
  }

  #run(runId: string) {
    return { workspace: this.workspace, runId };
  }
}
