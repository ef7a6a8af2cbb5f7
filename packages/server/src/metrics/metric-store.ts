/** Metrics of runs: series of points stored in chunks, written in batches, read whole or by chunk. */
import type { MetricKind, MetricValue, PointBlock } from './types.js';

/** One metric's points within a batch, in log order, already checked for shape by the service. */
export interface SeriesAppend {
  name: string;
  kind: MetricKind;
  /** Column names (first-seen order) for table metrics, null otherwise. */
  columns: string[] | null;
  points: PointBlock;
}

/** A batch as the store writes it: all or nothing, once per (run, batch key). */
export interface BatchAppend {
  workspaceId: number;
  runId: string;
  batchKey: string;
  series: SeriesAppend[];
  /** Total points over every series of the batch. */
  points: number;
  /** Arrival time (epoch ms), recorded with the batch key. */
  receivedAt: number;
}

/** What a batch found: true duplicate means a batch with that key was stored before and nothing was written. */
export interface AppendResult {
  accepted: number;
  duplicate: boolean;
}

/** The stored state of one series, as the rules need it before a batch is appended. */
export interface SeriesState {
  name: string;
  kind: MetricKind;
  columns: string[] | null;
  count: number;
}

/** The metric totals of one run before a batch is appended. */
export interface RunTotals {
  names: number;
  points: number;
}

/**
 * Checks a batch against what is stored, inside the write transaction; throws a CairnError to refuse
 * the batch (it then fails alone). `existing` holds the batch's series that already exist.
 */
export type BatchCheck = (batch: BatchAppend, existing: ReadonlyMap<string, SeriesState>, totals: RunTotals) => void;

/** The latest point of a series: the highest step; ties and step-less points go by arrival order. */
export interface LatestPoint {
  step: number | null;
  time: number;
  value: MetricValue;
}

/** A series without its points. */
export interface SeriesInfo extends SeriesState {
  id: number;
  latest: LatestPoint | null;
}

/** One stored chunk: `payload` is encoded by `codec.ts`. */
export interface StoredChunk {
  seq: number;
  count: number;
  payload: Uint8Array;
}

export interface MetricStore {
  /**
   * Appends a batch in one transaction (shared with batches arriving meanwhile), after `check`;
   * resolves once the transaction is durable. A key seen before resolves `duplicate` and writes nothing.
   * Throws RUN_NOT_FOUND when the run is not in the workspace, or whatever `check` throws.
   */
  append(batch: BatchAppend, check: BatchCheck): Promise<AppendResult>;
  /** Whether the run exists in the workspace. */
  runExists(workspaceId: number, runId: string): Promise<boolean>;
  /** Every series of a run, by name. */
  list(runId: string): Promise<SeriesInfo[]>;
  /** One series, or null. */
  find(runId: string, name: string): Promise<SeriesInfo | null>;
  /** Up to `limit` chunks of a series with `seq` above `afterSeq`, in seq order (log order). */
  chunks(seriesId: number, afterSeq: number, limit: number): Promise<StoredChunk[]>;
  /**
   * Latest values of many runs of a workspace (optionally only the named metrics), in one query;
   * runs outside the workspace are left out, runs without metrics map to an empty map.
   */
  latest(workspaceId: number, runIds: readonly string[], names?: readonly string[]): Promise<Map<string, Map<string, MetricValue>>>;
}
