/** The model registry's storage: versions with their tags, properties, files, datasets, aliases and events. */
import type { Model, ModelAlias, ModelEvent, ModelFile, ModelFramework } from '@cairn/api';

/** A model version as stored, with its row id for follow-up calls. */
export interface ModelRecord extends Omit<Model, 'id'> {
  /** Row id (the API's `id` is `name:version`). */
  rowId: number;
  workspaceId: number;
}

/** Who did something, and when: every change writes an event in its own transaction. */
export interface Actor {
  actor: string;
  at: number;
}

export interface NewModel {
  workspaceId: number;
  name: string;
  description: string;
  framework: ModelFramework;
  frameworkVersion: string | null;
  runId: string | null;
  tags: Record<string, string | null>;
  properties: Record<string, string | null>;
  datasets: string[];
  files: ModelFile[];
}

/** List filters; `tags`/`properties` items are `[key]` (present) or `[key, value]` (equal), combined with AND. */
export interface ModelQuery {
  name?: string;
  tags?: [string, string?][];
  properties?: [string, string?][];
  runId?: string;
  framework?: ModelFramework;
  /** Only the newest version of each name. */
  latest?: boolean;
  /** Keyset page: versions after this (name ascending, version descending). */
  after?: { name: string; version: number };
  limit: number;
}

export interface ModelChange {
  description?: string;
  setTags: Record<string, string | null>;
  removeTags: string[];
  addProperties: Record<string, string | null>;
}

/** An add-only property that already holds another value. */
export interface PropertyClash {
  key: string;
  value: string | null;
}

/** The run a version came from, for lineage. */
export interface RunSummary {
  id: string;
  experiment: string;
  status: string;
  displayName: string;
}

export interface ModelStore {
  /** Creates the next version of `name` (1 for a new name), safe under concurrent registrations. */
  create(model: NewModel, by: Actor): Promise<ModelRecord>;
  /** One version; `version` null means the newest. */
  get(workspaceId: number, name: string, version: number | null): Promise<ModelRecord | null>;
  /** The version an alias points at. */
  byAlias(workspaceId: number, name: string, alias: string): Promise<ModelRecord | null>;
  list(workspaceId: number, query: ModelQuery): Promise<ModelRecord[]>;
  files(rowId: number): Promise<ModelFile[]>;
  /** Applies a change, or nothing when an add-only property clashes. */
  update(model: ModelRecord, change: ModelChange, by: Actor): Promise<ModelRecord | PropertyClash>;
  /** Deletes a version and the aliases pointing at it. */
  delete(model: ModelRecord, by: Actor): Promise<void>;
  aliases(workspaceId: number, name: string): Promise<ModelAlias[]>;
  setAlias(model: ModelRecord, alias: string, by: Actor): Promise<ModelAlias>;
  /** Whether there was such an alias. */
  deleteAlias(workspaceId: number, name: string, alias: string, by: Actor): Promise<boolean>;
  /** Events oldest first after an event id, at most 1,000; of one model, or of every model when `name` is null. */
  events(workspaceId: number, name: string | null, after?: number): Promise<ModelEvent[]>;
  runSummary(workspaceId: number, runId: string): Promise<RunSummary | null>;
  /** Sizes of the given blobs this workspace holds (`PUT /blobs/{sha256}`); absent hashes are missing. */
  knownBlobs(workspaceId: number, hashes: readonly string[]): Promise<Map<string, number>>;
}
