/** The model registry of a workspace: register, list, show, download, update, delete, aliases and events. */
import { api, type Model, type ModelAlias, type ModelDetail, type ModelEvent, type ModelFramework, type RegisterModel } from '@cairn/api';
import type { DownloadStream, Transport } from './transport.js';

/** List filters: tags and properties as `k` (present) or `k=v` (equal), combined with AND. */
export interface ModelListOptions {
  name?: string;
  tags?: string[];
  properties?: string[];
  runId?: string;
  framework?: ModelFramework;
  latest?: boolean;
  top?: number;
  cursor?: string;
}

/** Changes to a model version: description and tags; properties are add-only. */
export interface ModelUpdate {
  description?: string;
  setTags?: Record<string, string | null>;
  removeTags?: string[];
  addProperties?: Record<string, string | null>;
}

/** Model methods of a workspace. */
export class ModelsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** Registers the next version of a model, from a run path (`runId`, `path`) or uploaded blobs (`files`). */
  register(input: RegisterModel): Promise<Model> {
    return this.transport.call(api.models.register, { params: { workspace: this.workspace }, body: input });
  }

  /** One page of model versions, name ascending then newest first. */
  list(options: ModelListOptions = {}): Promise<{ items: Model[]; nextCursor?: string }> {
    const { tags, properties, latest, ...rest } = options;
    const query = { ...rest, tag: tags, property: properties, latest: latest === undefined ? undefined : latest ? 'true' : 'false' } as const;
    return this.transport.call(api.models.list, { params: { workspace: this.workspace }, query });
  }

  /** Every version matching the filters, page after page. */
  async *listAll(options: Omit<ModelListOptions, 'cursor'> = {}): AsyncGenerator<Model> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...options, cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** A version (`N` newest, `N:V`, `N@alias`) with its files and lineage. */
  get(ref: string): Promise<ModelDetail> {
    return this.transport.call(api.models.get, { params: { workspace: this.workspace, ref } });
  }

  /** Changes description and tags, adds properties. */
  update(name: string, version: number, change: ModelUpdate): Promise<Model> {
    return this.transport.call(api.models.update, { params: { workspace: this.workspace, name, version }, body: change });
  }

  /** Deletes a version (MODEL_IN_USE while an active deployment serves it). */
  async delete(name: string, version: number): Promise<void> {
    await this.transport.call(api.models.delete, { params: { workspace: this.workspace, name, version } });
  }

  /** Downloads one file of a version (`path` as listed in its files). */
  download(name: string, version: number, path: string): Promise<DownloadStream> {
    return this.transport.download(api.models.download, { params: { workspace: this.workspace, name, version, path } });
  }

  /** A model's aliases. */
  async aliases(name: string): Promise<ModelAlias[]> {
    return (await this.transport.call(api.models.aliases, { params: { workspace: this.workspace, name } })).items;
  }

  /** Points an alias at a version. */
  setAlias(name: string, alias: string, version: number): Promise<ModelAlias> {
    return this.transport.call(api.models.setAlias, { params: { workspace: this.workspace, name, alias }, body: { version } });
  }

  /** Removes an alias. */
  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.transport.call(api.models.deleteAlias, { params: { workspace: this.workspace, name, alias } });
  }

  /** Every model's events in the workspace, oldest first, after an event id (at most 1,000 per call). */
  async allEvents(after?: number): Promise<ModelEvent[]> {
    return (await this.transport.call(api.models.workspaceEvents, { params: { workspace: this.workspace }, query: { after } })).items;
  }

  /** A model's events, oldest first, after an event id. */
  async events(name: string, after?: number): Promise<ModelEvent[]> {
    return (await this.transport.call(api.models.events, { params: { workspace: this.workspace, name }, query: { after } })).items;
  }
}
