/** The rules of the model registry: registering, resolving `N`/`N:V`/`N@alias`, lineage, updates, deletes, aliases. */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { AuthError, ConflictError, InputError, NotFoundError, type Model, type ModelAlias, type ModelDetail, type ModelEvent, type ModelFile, type ModelUser } from '@cairn/api';
import type { z } from 'zod';
import type { ListModelsQuery, RegisterModel, UpdateModel } from '@cairn/api';
import type { Principal } from '../auth/principal.js';
import type { ByteRange } from '../blobs/blob-store.js';
import type { ContentStore } from '../blobs/content-store.js';
import type { RunFileStore } from '../files/run-file-store.js';
import type { WorkspaceRef } from '../http/implement.js';
import { decodeCursor, encodeCursor, parseFilterItem, parseModelRef, showRef } from './model-refs.js';
import { layOut } from './model-layout.js';
import { filesFromRun, filesFromUploads } from './model-sources.js';
import type { ModelRecord, ModelStore } from './model-store.js';

/**
 * What serves model versions. The endpoints service implements it and plugs it in with
 * `ModelService.useUsage`; until then nothing serves any model.
 */
export interface ModelUsage {
  /** Deployments using a model version; `active` ones block its deletion. */
  usersOf(workspaceId: number, name: string, version: number): Promise<ModelUser[]>;
}

/** A registry change, as listeners see it once it is committed. */
export type ModelChangeEvent = Omit<ModelEvent, 'id'> & { workspace: WorkspaceRef };

/**
 * Called after each committed change (an endpoint following `N@production` redeploys on `aliased`).
 * The change has happened whatever a listener does, so a listener handles its own failures.
 */
export type ModelListener = (event: ModelChangeEvent) => void | Promise<void>;

/** A registration after validation, defaults filled in. */
export type Registration = z.output<typeof RegisterModel>;

const nobody: ModelUsage = { usersOf: async () => [] };

/** A model record as the API shows it. */
export function toApiModel(record: ModelRecord): Model {
  const { rowId: _row, workspaceId: _ws, ...rest } = record;
  return { id: `${record.name}:${record.version}`, ...rest };
}

export class ModelService {
  private usage: ModelUsage = nobody;
  private readonly listeners = new Set<ModelListener>();

  constructor(
    private readonly store: ModelStore,
    private readonly runFiles: RunFileStore,
    private readonly content: ContentStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Plugs in what serves models (the endpoints service), for lineage and the delete check. */
  useUsage(usage: ModelUsage): void {
    this.usage = usage;
  }

  /** Adds a listener for committed changes; returns a function that removes it. */
  onChange(listener: ModelListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(workspace: WorkspaceRef, kind: ModelEvent['kind'], name: string, version: number | null, by: { actor: string; at: number }, alias: string | null = null): void {
    for (const listener of this.listeners) {
      // A failing listener must not turn a committed change into an error for the caller.
      Promise.resolve().then(() => listener({ workspace, kind, name, version, alias, actor: by.actor, createdAt: by.at })).catch(() => {});
    }
  }

  /** Registers the next version of a model from a run path or from uploaded local files. */
  async register(workspace: WorkspaceRef, principal: Principal, input: Registration): Promise<Model> {
    if (input.frameworkVersion !== undefined && input.framework === undefined) {
      throw new InputError('INVALID_INPUT', 'a framework version needs a framework: pass --framework (ScikitLearn, Onnx, PyTorch, TensorFlow, Custom, …) too');
    }
    const files = await this.sourceFiles(workspace, principal, input);
    const by = this.actor(principal);
    const record = await this.store.create({
      workspaceId: workspace.id, name: input.name, description: input.description, framework: input.framework ?? 'Custom',
      frameworkVersion: input.frameworkVersion ?? null, runId: input.runId ?? null, tags: input.tags, properties: input.properties,
      datasets: input.datasets, files,
    }, by);
    this.emit(workspace, 'registered', record.name, record.version, by);
    return toApiModel(record);
  }

  private async sourceFiles(workspace: WorkspaceRef, principal: Principal, input: Registration): Promise<ModelFile[]> {
    if (input.runId !== undefined && input.files !== undefined) throw new InputError('INVALID_INPUT', 'register a model from a run (runId and path) or from uploaded files, not both');
    if (input.files !== undefined) {
      if (input.path !== undefined) throw new InputError('INVALID_INPUT', 'path names a run file; uploaded files carry their own paths');
      return filesFromUploads(this.store, workspace.id, input.files);
    }
    if (input.runId === undefined) throw new InputError('INVALID_INPUT', 'say where the model files are: runId and path (a run output), or files (uploaded)');
    if (principal.runId !== null && principal.runId !== input.runId) {
      throw new AuthError('FORBIDDEN', `this token belongs to run ${principal.runId} and cannot register a model from run ${input.runId}`);
    }
    if (!(await this.store.runSummary(workspace.id, input.runId))) {
      throw new NotFoundError('RUN_NOT_FOUND', `no run ${input.runId} in workspace ${workspace.name}; list runs with \`cairn run list\``);
    }
    // v1: with no path, the model name is the artifact path.
    return filesFromRun(this.runFiles, input.runId, input.path ?? input.name);
  }

  /** The version `ref` names (`N`, `N:V`, `N@alias`), or MODEL_NOT_FOUND. */
  async resolve(workspace: WorkspaceRef, ref: string): Promise<ModelRecord> {
    const parsed = parseModelRef(ref);
    const found = parsed.alias !== null
      ? await this.store.byAlias(workspace.id, parsed.name, parsed.alias)
      : await this.store.get(workspace.id, parsed.name, parsed.version);
    if (found) return found;
    const hint = parsed.alias !== null ? `list its aliases with \`cairn model alias list ${parsed.name}\`` : `list versions with \`cairn model list --name ${parsed.name}\``;
    throw new NotFoundError('MODEL_NOT_FOUND', `no model ${showRef(parsed)} in workspace ${workspace.name}; ${hint}`, { ref });
  }

  /** One version with its files and lineage: run, experiment, datasets, and the endpoints serving it. */
  async detail(workspace: WorkspaceRef, ref: string): Promise<ModelDetail> {
    const record = await this.resolve(workspace, ref);
    const [files, run, endpoints] = await Promise.all([
      this.store.files(record.rowId),
      record.runId === null ? null : this.store.runSummary(workspace.id, record.runId),
      this.usage.usersOf(workspace.id, record.name, record.version),
    ]);
    return { ...toApiModel(record), files, lineage: { run, datasets: record.datasets, endpoints } };
  }

  /** The files of a version, for downloads and for replicas that lay them out under `AZUREML_MODEL_DIR`. */
  files(record: ModelRecord): Promise<ModelFile[]> {
    return this.store.files(record.rowId);
  }

  /** One file's bytes (or a range). */
  read(file: ModelFile, range?: ByteRange): Promise<Readable> {
    return this.content.get(file.sha256, range);
  }

  /**
   * Writes a version's files to `<dir>/<name>/<version>/<path>` (v1's layout under `AZUREML_MODEL_DIR`:
   * point it at the version folder for one model, at `dir` for several) and returns that version folder.
   * The folder appears whole, and one already there is reused.
   */
  async materialize(workspace: WorkspaceRef, ref: string, dir: string): Promise<{ model: ModelRecord; versionDir: string }> {
    const model = await this.resolve(workspace, ref);
    const versionDir = join(dir, model.name, String(model.version));
    await mkdir(dirname(versionDir), { recursive: true });
    await layOut(versionDir, await this.store.files(model.rowId), (file) => this.read(file));
    return { model, versionDir };
  }

  /** A page of versions, name ascending then newest first. */
  async list(workspace: WorkspaceRef, query: z.output<typeof ListModelsQuery>): Promise<{ items: Model[]; nextCursor?: string }> {
    const rows = await this.store.list(workspace.id, {
      name: query.name, runId: query.runId, framework: query.framework, latest: query.latest === 'true',
      tags: query.tag?.map(parseFilterItem), properties: query.property?.map(parseFilterItem),
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor), limit: query.top + 1,
    });
    const items = rows.slice(0, query.top).map(toApiModel);
    const last = items.at(-1);
    return rows.length > query.top && last ? { items, nextCursor: encodeCursor(last) } : { items };
  }

  /** Changes description and tags, adds properties (a different value for an existing key is PROPERTY_IMMUTABLE). */
  async update(workspace: WorkspaceRef, principal: Principal, name: string, version: number, change: z.output<typeof UpdateModel>): Promise<Model> {
    const record = await this.resolve(workspace, `${name}:${version}`);
    const by = this.actor(principal);
    const result = await this.store.update(record, change, by);
    if ('rowId' in result) {
      this.emit(workspace, 'updated', name, version, by);
      return toApiModel(result);
    }
    const message = `property ${result.key} of model ${name}:${version} is already ${JSON.stringify(result.value)}; model properties are add-only (use a tag for values that change)`;
    throw new ConflictError('PROPERTY_IMMUTABLE', message, { key: result.key });
  }

  /** Deletes a version unless an active deployment serves it (MODEL_IN_USE names the endpoints). */
  async delete(workspace: WorkspaceRef, principal: Principal, name: string, version: number): Promise<void> {
    const record = await this.resolve(workspace, `${name}:${version}`);
    const active = (await this.usage.usersOf(workspace.id, name, version)).filter((user) => user.active);
    if (active.length > 0) {
      const names = [...new Set(active.map((user) => user.endpoint))];
      const message = `model ${name}:${version} is in use by endpoint(s) ${names.join(', ')}; move them to another version or delete them first`;
      throw new ConflictError('MODEL_IN_USE', message, { endpoints: names, deployments: active });
    }
    const by = this.actor(principal);
    await this.store.delete(record, by);
    this.emit(workspace, 'deleted', name, version, by);
  }

  /** A model's aliases; MODEL_NOT_FOUND when no version of it exists. */
  async aliases(workspace: WorkspaceRef, name: string): Promise<ModelAlias[]> {
    await this.resolve(workspace, name);
    return this.store.aliases(workspace.id, name);
  }

  /** Points an alias at a version. */
  async setAlias(workspace: WorkspaceRef, principal: Principal, name: string, alias: string, version: number): Promise<ModelAlias> {
    if (alias === 'latest') throw new InputError('INVALID_NAME', 'alias "latest" is reserved: N@latest always means the newest version');
    const by = this.actor(principal);
    const set = await this.store.setAlias(await this.resolve(workspace, `${name}:${version}`), alias, by);
    this.emit(workspace, 'aliased', name, version, by, alias);
    return set;
  }

  /** Removes an alias; MODEL_NOT_FOUND when there is none by that name. */
  async deleteAlias(workspace: WorkspaceRef, principal: Principal, name: string, alias: string): Promise<void> {
    const by = this.actor(principal);
    if (await this.store.deleteAlias(workspace.id, name, alias, by)) return this.emit(workspace, 'unaliased', name, null, by, alias);
    throw new NotFoundError('MODEL_NOT_FOUND', `model ${name} has no alias ${alias}; list them with \`cairn model alias list ${name}\``, { ref: `${name}@${alias}` });
  }

  /** A model's events (every model's when `name` is null), oldest first, after an event id. */
  events(workspace: WorkspaceRef, name: string | null, after?: number): Promise<ModelEvent[]> {
    return this.store.events(workspace.id, name, after);
  }

  private actor(principal: Principal) {
    return { actor: principal.user, at: this.now() };
  }
}
