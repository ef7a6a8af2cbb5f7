/**
 * The rules a metric batch must pass: its shape, checked before it joins a group commit (so a bad
 * batch never holds up its neighbours), and what it must agree with in the store (kinds, columns,
 * per-run limits), checked inside the write transaction.
 */
import {
  ConflictError, InputError, MAX_BATCH_POINTS, MAX_METRIC_NAMES_PER_RUN, MAX_POINTS_PER_RUN, cellFromWire, seriesLength, type MetricPointIn, type MetricSeriesIn,
} from '@cairn/api';
import type { BatchCheck, SeriesAppend } from './metric-store.js';
import { joinBlocks } from './point-block.js';
import type { MetricPoint, MetricValue, PointBlock } from './types.js';
import { blockFromWire, rowFromWire } from './wire.js';

/** Per-batch and per-run limits; lowered in tests. */
export interface MetricLimits {
  batchPoints: number;
  namesPerRun: number;
  pointsPerRun: number;
}

/** The limits of the API contract. */
export const defaultMetricLimits: MetricLimits = {
  batchPoints: MAX_BATCH_POINTS, namesPerRun: MAX_METRIC_NAMES_PER_RUN, pointsPerRun: MAX_POINTS_PER_RUN,
};

/** A batch as it arrives: points one object each, in columns per metric, or both. */
export interface WireBatch {
  points?: readonly MetricPointIn[] | undefined;
  series?: readonly MetricSeriesIn[] | undefined;
}

/**
 * Groups a batch's points by metric (keeping each metric's points in order: its `points` first, then
 * its `series` entries in order) and checks each point's shape; `now` stamps points sent without a
 * timestamp. Returns the series and the batch's point count.
 */
export function seriesOfBatch(batch: WireBatch, now: number, limits: MetricLimits): { series: SeriesAppend[]; points: number } {
  const { points = [], series = [] } = batch;
  const total = series.reduce((n, s) => n + seriesLength(s), points.length);
  if (total > limits.batchPoints) {
    throw new InputError('BATCH_TOO_LARGE', `a batch holds ${total} points; the most one call may carry is ${limits.batchPoints}: split it`);
  }
  const byName = new Map<string, { append: SeriesAppend; blocks: PointBlock[] }>();
  const pointsByName = groupPoints(points, now, byName);
  for (const [name, list] of pointsByName) byName.get(name)!.blocks.push(list);
  series.forEach((one, index) => {
    checkColumnar(one, index);
    const entry = byName.get(one.name);
    if (entry === undefined) byName.set(one.name, { append: { name: one.name, kind: one.kind, columns: null, points: [] }, blocks: [blockFromWire(one, now, index)] });
    else if (entry.append.kind !== one.kind) throw mismatch(one.name, describe(entry.append), `series ${index} of this batch logs it as a ${one.kind} metric`);
    else entry.blocks.push(blockFromWire(one, now, index));
  });
  const appends = [...byName.values()].map(({ append, blocks }) => ({ ...append, points: joinBlocks(blocks) }));
  return { series: appends, points: total };
}

/** Groups point objects by metric into `byName`; returns each metric's points. */
function groupPoints(points: readonly MetricPointIn[], now: number, byName: Map<string, { append: SeriesAppend; blocks: PointBlock[] }>): Map<string, MetricPoint[]> {
  const lists = new Map<string, MetricPoint[]>();
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const value = valueOf(point, i);
    const entry = byName.get(point.name);
    if (entry === undefined) {
      byName.set(point.name, { append: { name: point.name, kind: point.kind, columns: point.row ? Object.keys(point.row) : null, points: [] }, blocks: [] });
      lists.set(point.name, []);
    } else if (entry.append.kind !== point.kind || (point.row && !sameColumns(entry.append.columns!, Object.keys(point.row)))) {
      throw mismatch(point.name, describe(entry.append), `point ${i} of this batch logs it as ${describe(point)}`);
    }
    lists.get(point.name)!.push({ step: point.step, time: point.timestamp ?? now, value });
  }
  return lists;
}

/** An image series carries run file paths; the schema checked everything else. */
function checkColumnar(series: MetricSeriesIn, index: number): void {
  if (series.kind !== 'image') return;
  const bad = series.values.findIndex((v) => typeof v !== 'string' || v === '');
  if (bad >= 0) {
    throw new InputError('INVALID_INPUT', `series ${index} (metric ${JSON.stringify(series.name)}, kind image) value ${bad} needs to be the run file path of the image`);
  }
}

/** The value a point carries, after checking it carries the right thing for its kind. */
function valueOf(point: MetricPointIn, index: number): MetricValue {
  if (point.kind === 'table') {
    if (point.row === undefined || point.value !== undefined) throw badPoint(point, index, 'needs a row and no value');
    if (Object.keys(point.row).length === 0) throw badPoint(point, index, 'has a row with no columns');
    return rowFromWire(point.row);
  }
  if (point.value === undefined || point.row !== undefined) throw badPoint(point, index, 'needs a value and no row');
  if (point.kind === 'image' && (typeof point.value !== 'string' || point.value === '')) {
    throw badPoint(point, index, 'needs the run file path of the image as its value');
  }
  return cellFromWire(point.value);
}

function badPoint(point: MetricPointIn, index: number, problem: string): InputError {
  return new InputError('INVALID_INPUT', `point ${index} (metric ${JSON.stringify(point.name)}, kind ${point.kind}) ${problem}`);
}

/** Checks a batch against the stored series and the run's totals; throws to refuse it. */
export function storeRules(limits: MetricLimits): BatchCheck {
  return (batch, existing, totals) => {
    let newNames = 0;
    for (const series of batch.series) {
      const stored = existing.get(series.name);
      if (stored === undefined) newNames += 1;
      else if (stored.kind !== series.kind || (series.kind === 'table' && !sameColumns(stored.columns ?? [], series.columns ?? []))) {
        throw mismatch(series.name, describe(stored), `this batch logs it as ${describe(series)}`);
      }
    }
    if (totals.names + newNames > limits.namesPerRun) {
      throw limit('metric names', limits.namesPerRun, totals.names + newNames, `run ${batch.runId} has ${totals.names} and this batch adds ${newNames}`);
    }
    if (totals.points + batch.points > limits.pointsPerRun) {
      throw limit('points', limits.pointsPerRun, totals.points + batch.points, `run ${batch.runId} holds ${totals.points} and this batch adds ${batch.points}`);
    }
  };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((column) => set.has(column));
}

function describe(series: { kind: string; columns?: string[] | null; row?: object }): string {
  const columns = series.columns ?? (series.row ? Object.keys(series.row) : null);
  return series.kind === 'table' && columns ? `a table with columns ${JSON.stringify(columns)}` : `a ${series.kind} metric`;
}

function mismatch(name: string, stored: string, incoming: string): ConflictError {
  return new ConflictError('METRIC_KIND_MISMATCH', `metric ${JSON.stringify(name)} was logged as ${stored}, but ${incoming}; log it under another name`,
    { metric: name });
}

function limit(what: string, max: number, would: number, detail: string): InputError {
  return new InputError('LIMIT_EXCEEDED', `the limit of ${max.toLocaleString('en-US')} ${what} per run would be exceeded: ${detail}`,
    { limit: `${what} per run`, max, would });
}
