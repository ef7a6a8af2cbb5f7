/**
 * What one group commit will write, decided in memory before any row is written: each batch is
 * admitted (or refused alone) against the state loaded at the start of the group plus the batches
 * admitted before it, and the points of each series are gathered over the whole group so that they
 * are written with a few multi-row statements rather than a handful of statements per batch.
 */
import { NotFoundError } from '@cairn/api';
import type { AppendResult, BatchAppend, BatchCheck, SeriesState } from './metric-store.js';
import { joinBlocks, latestOf } from './point-block.js';
import type { MetricKind, MetricPoint, PointBlock } from './types.js';

/** A batch and the rules it must pass. */
export interface AppendJob {
  batch: BatchAppend;
  check: BatchCheck;
}

/** A run as the group found it; the totals move as its batches are admitted. */
export interface RunContext {
  workspaceId: number;
  names: number;
  points: number;
}

/** A stored series and its last chunk, which new points may extend. */
export interface StoredSeries extends SeriesState {
  id: number;
  hasLatest: boolean;
  latestStep: number | null;
  lastSeq: number | null;
  lastCount: number | null;
}

/** A series the group writes to: its stored state (null when the group creates it) and its new points. */
export interface PlannedSeries {
  runId: string;
  name: string;
  kind: MetricKind;
  columns: string[] | null;
  stored: StoredSeries | null;
  /** The new points, batch by batch: `points()` joins them. */
  blocks: PointBlock[];
  /** New points over every block. */
  count: number;
  /** The point that becomes the latest, or null when the stored latest stays. */
  latest: MetricPoint | null;
}

/** A batch key to record, once per admitted batch. */
export interface KeyRow {
  runId: string;
  batchKey: string;
  points: number;
  receivedAt: number;
}

/** A (run, name) pair as one map key: series by metric name, batch keys by key. */
export const runKey = (runId: string, name: string): string => `${runId}\u0000${name}`;

/** The batches of one group commit, admitted one by one, and the rows they will write. */
export class GroupPlan {
  readonly series = new Map<string, PlannedSeries>();
  readonly keys: KeyRow[] = [];

  constructor(
    private readonly runs: ReadonlyMap<string, RunContext>,
    /** Batch keys stored before the group, by `runKey`; admitted keys are added. */
    private readonly seenKeys: Set<string>,
    /** The group's series that exist, by `runKey`. */
    private readonly stored: ReadonlyMap<string, StoredSeries>,
  ) {}

  /** Admits a batch, or throws why it is refused; a refused batch leaves the plan as it was. */
  admit({ batch, check }: AppendJob): AppendResult {
    const run = this.runs.get(batch.runId);
    if (!run || run.workspaceId !== batch.workspaceId) throw new NotFoundError('RUN_NOT_FOUND', `no run ${batch.runId} in this workspace`);
    const key = runKey(batch.runId, batch.batchKey);
    if (this.seenKeys.has(key)) return { accepted: 0, duplicate: true };
    const existing = new Map<string, SeriesState>();
    for (const { name } of batch.series) {
      const state = this.stateOf(batch.runId, name);
      if (state) existing.set(name, state);
    }
    check(batch, existing, { names: run.names, points: run.points });
    for (const series of batch.series) this.absorb(batch.runId, series.name, series.kind, series.columns, series.points);
    run.names += batch.series.length - existing.size;
    run.points += batch.points;
    this.seenKeys.add(key);
    this.keys.push({ runId: batch.runId, batchKey: batch.batchKey, points: batch.points, receivedAt: batch.receivedAt });
    return { accepted: batch.points, duplicate: false };
  }

  /** The series as the next batch sees it: stored, plus what the group has admitted so far. */
  private stateOf(runId: string, name: string): SeriesState | null {
    const planned = this.series.get(runKey(runId, name));
    if (planned) return { name, kind: planned.kind, columns: planned.columns, count: (planned.stored?.count ?? 0) + planned.count };
    const stored = this.stored.get(runKey(runId, name));
    return stored ? { name, kind: stored.kind, columns: stored.columns, count: stored.count } : null;
  }

  private absorb(runId: string, name: string, kind: MetricKind, columns: string[] | null, points: PointBlock): void {
    const key = runKey(runId, name);
    let planned = this.series.get(key);
    if (!planned) {
      const stored = this.stored.get(key) ?? null;
      planned = { runId, name, kind: stored?.kind ?? kind, columns: stored?.columns ?? columns, stored, blocks: [], count: 0, latest: null };
      this.series.set(key, planned);
    }
    planned.latest = latestOf(points, latestStep(planned)) ?? planned.latest;
    planned.blocks.push(points);
    planned.count += points.length;
  }
}

/** The step of the series' latest point so far: null for a step-less one, undefined when it has none. */
function latestStep(planned: PlannedSeries): number | null | undefined {
  if (planned.latest) return planned.latest.step ?? null;
  return planned.stored?.hasLatest ? planned.stored.latestStep : undefined;
}

/** A planned series' new points as one block. */
export function newPoints(planned: PlannedSeries): PointBlock {
  return joinBlocks(planned.blocks);
}
