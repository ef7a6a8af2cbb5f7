/** Runs: the domain objects the run store returns and the operations it offers. */
import type { RunStatus } from '@cairn/api';
import type { Filter, OrderTerm } from './filter/index.js';

export type StringMap = Record<string, string | null>;

export interface RunError {
  code: string;
  message: string;
  details?: unknown;
}

export interface RunRecord {
  id: string;
  workspaceId: number;
  experimentId: number;
  experiment: string;
  number: number;
  displayName: string;
  description: string;
  type: string;
  status: RunStatus;
  statusReason: string | null;
  parentRunId: string | null;
  rootRunId: string;
  computeTarget: string;
  createdBy: string;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  error: RunError | null;
  tags: StringMap;
  properties: StringMap;
}

/** A run to insert; the store hands out its number and, for a top-level run, its root. */
export interface NewRun {
  id: string;
  workspaceId: number;
  experiment: string;
  displayName: string;
  description: string;
  type: string;
  status: RunStatus;
  parentRunId: string | null;
  rootRunId: string | null;
  computeTarget: string;
  createdBy: string;
  createdAt: number;
  startedAt: number | null;
  tags: StringMap;
  properties: StringMap;
}

/** A child to insert under an existing parent, which gives it experiment, root and compute target. */
export interface NewChild {
  id: string;
  displayName: string;
  type: string;
  status: RunStatus;
  startedAt: number | null;
  tags: StringMap;
}

/** Columns a PATCH or a status move may change; absent fields stay as they are. */
export interface RunChanges {
  displayName?: string;
  description?: string;
  status?: RunStatus;
  statusReason?: string | null;
  startedAt?: number;
  endedAt?: number;
  error?: RunError;
}

/** Where a search page starts: the sort keys of the previous page's last run. */
export type SortKey = string | number | null;

export interface RunSearch {
  workspaceId: number;
  experimentId?: number;
  /** Direct children of this run only. */
  parentRunId?: string;
  /** Only runs without a parent (ignored when `parentRunId` is set). */
  topLevelOnly: boolean;
  filter?: Filter;
  orderBy: readonly OrderTerm[];
  /** Epoch ms that ends the duration of unfinished runs, for filters and sorts on `duration`. */
  now: number;
  /** Sort keys of the last run already seen: one per order-by term, then created_at and id. */
  after?: SortKey[];
  limit: number;
}

export interface SearchHit {
  run: RunRecord;
  /** This run's sort keys, in the shape `RunSearch.after` takes. */
  keys: SortKey[];
}

/** Outcome of a write-once property add. */
export type PropertyResult =
  | { ok: true; properties: StringMap }
  | { ok: false; conflict: { key: string; existing: string | null; proposed: string | null } }
  | { ok: false; count: number };

/** Outcome of a tag change. */
export type TagResult = { ok: true; tags: StringMap } | { ok: false; count: number };

export interface RunStore {
  /**
   * Inserts a run, creating its experiment on first use and taking the experiment's next run
   * number in the same transaction; returns null (and changes nothing) when the id is taken.
   */
  create(run: NewRun): Promise<RunRecord | null>;
  /** Inserts children of `parent` in one transaction, numbered consecutively, in the given order. */
  createChildren(parent: RunRecord, children: NewChild[], createdAt: number, createdBy: string): Promise<RunRecord[]>;
  get(workspaceId: number, id: string): Promise<RunRecord | null>;
  /**
   * Applies `changes` if the run's status is still `expectedStatus`; returns the updated run, or
   * null when the status moved meanwhile (the caller re-reads and decides again).
   */
  update(workspaceId: number, id: string, expectedStatus: RunStatus, changes: RunChanges): Promise<RunRecord | null>;
  /** Merges `set`, then deletes `remove`; refuses (changing nothing) if the run would hold more than `limit` tags. */
  setTags(runId: string, set: StringMap, remove: readonly string[], limit: number): Promise<TagResult>;
  /** Adds properties absent so far; refuses (changing nothing) on a key with another value or beyond `limit`. */
  addProperties(runId: string, properties: StringMap, limit: number): Promise<PropertyResult>;
  /** Direct children, or every descendant when `recursive`, in creation order. */
  listChildren(workspaceId: number, runId: string, recursive: boolean): Promise<RunRecord[]>;
  /** One page of runs in sort order, after `search.after` when given. */
  search(search: RunSearch): Promise<SearchHit[]>;
}
