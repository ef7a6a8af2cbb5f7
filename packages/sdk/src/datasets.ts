/** Versioned datasets of a workspace: create, list, show, files, rows as CSV, diff, delete. */
import { api, type CreateDataset, type Dataset, type DatasetDetail, type DatasetFile } from '@cairn/api';
import type { DownloadStream, Transport } from './transport.js';

/** Dataset methods of a workspace. */
export class DatasetsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  #ws = () => ({ workspace: this.workspace });

  /** Creates a version, or returns the existing one when the files are identical (`created: false`). */
  create(body: CreateDataset): Promise<Dataset & { created: boolean }> {
    return this.transport.call(api.datasets.create, { params: this.#ws(), body });
  }

  /** Dataset versions, newest first, optionally of one name. */
  async list(name?: string): Promise<Dataset[]> {
    return (await this.transport.call(api.datasets.list, { params: this.#ws(), query: { name } })).items;
  }

  /** One version (`N` latest or `N:V`) with a sample of paths, its profile and lineage. */
  get(ref: string): Promise<DatasetDetail> {
    return this.transport.call(api.datasets.get, { params: { ...this.#ws(), ref } });
  }

  /** Every file a version recorded. */
  async files(ref: string): Promise<DatasetFile[]> {
    return (await this.transport.call(api.datasets.files, { params: { ...this.#ws(), ref } })).items;
  }

  /** A tabular version's rows as one CSV stream (Parquet converted by the server). */
  csv(ref: string): Promise<DownloadStream> {
    return this.transport.download(api.datasets.csv, { params: { ...this.#ws(), ref } });
  }

  /** What changed from one version to another. */
  diff(from: string, to: string) {
    return this.transport.call(api.datasets.diff, { params: { ...this.#ws(), ref: from }, query: { to } });
  }

  /** Records that a run read or wrote a version (the runner does this). */
  linkRun(runId: string, ref: string, direction: 'input' | 'output', name: string): Promise<Dataset> {
    return this.transport.call(api.datasets.linkRun, { params: { ...this.#ws(), runId }, body: { ref, direction, name } });
  }

  /** Deletes a version (refused while runs used it). */
  delete(name: string, version: number): Promise<void> {
    return this.transport.call(api.datasets.delete, { params: { ...this.#ws(), name, version } });
  }
}
