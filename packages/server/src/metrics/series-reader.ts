/**
 * Reading one series back: for a chart (downsampled to at most `maxPoints`) or whole, as a stream of
 * one block per chunk. A read covers the first `count` points the series held when it started, so
 * points appended meanwhile never make it inconsistent.
 *
 * Numeric series (scalar and list metrics whose values are all numbers) are read column by column and
 * downsampled with `downsample.ts`. Other series (strings, booleans, tables, images) cannot be
 * downsampled meaningfully: they come back whole, or as their last `maxPoints` points.
 */
import { decodeChunk, viewNumericColumns, type NumericColumns } from './codec.js';
import { borrowColumn, returnColumns } from './column-pool.js';
import { downsampleLttb, downsampleMinMax } from './downsample.js';
import type { MetricStore, SeriesInfo, StoredChunk } from './metric-store.js';
import { numericToWire, pointsToWire, type WireColumns } from './series-columns.js';
import type { MetricKind, MetricPoint } from './types.js';

/** Points a series read returns when the caller sets no `maxPoints`. */
export const WHOLE_SERIES_LIMIT = 100_000;

/** Chunks fetched per query: at most 256 × 96 KB held at once while streaming. */
const CHUNK_PAGE = 256;

export interface SeriesQuery {
  maxPoints?: number;
  method: 'minmax' | 'lttb';
  x: 'step' | 'timestamp';
}

/** A series as the API returns it. */
export interface SeriesRead {
  name: string;
  kind: MetricKind;
  columns: string[] | null;
  count: number;
  downsampled: boolean;
  points: WireColumns;
}

/** Reads a series, downsampled to `query.maxPoints` (default WHOLE_SERIES_LIMIT) when it holds more. */
export async function readSeries(store: MetricStore, info: SeriesInfo, query: SeriesQuery): Promise<SeriesRead> {
  const limit = query.maxPoints ?? WHOLE_SERIES_LIMIT;
  const numeric = info.kind === 'scalar' || info.kind === 'list' ? await readNumeric(store, info) : null;
  const points = numeric
    ? numericPoints(numeric, query, info.count > limit ? limit : null)
    : pointsToWire(info.kind, info.columns, await readTail(store, info, limit));
  const { name, kind, columns, count } = info;
  return { name, kind, columns, count, downsampled: points.timestamp.length < count, points };
}

/** The wire columns of all points, or of those picked to draw at most `limit`; the columns go back to the pool. */
function numericPoints(read: NumericRead, query: SeriesQuery, limit: number | null): WireColumns {
  try {
    return numericToWire(limit === null ? read.columns : pick(read.columns, downsample(read, query, limit)));
  } finally {
    returnColumns(read.columns.steps, read.columns.times, read.columns.values);
  }
}

/** The whole series, one block of columns per stored chunk. */
export async function* streamSeries(store: MetricStore, info: SeriesInfo): AsyncGenerator<WireColumns> {
  let left = info.count;
  for await (const chunk of chunksOf(store, info.id)) {
    if (left <= 0) return;
    const points = decodeChunk(chunk.payload).slice(0, left);
    left -= points.length;
    yield pointsToWire(info.kind, info.columns, points);
  }
}

async function* chunksOf(store: MetricStore, seriesId: number): AsyncGenerator<StoredChunk> {
  for (let after = -1; ;) {
    const page = await store.chunks(seriesId, after, CHUNK_PAGE);
    yield* page;
    if (page.length < CHUNK_PAGE) return;
    after = page[page.length - 1]!.seq;
  }
}

/** A numeric series' columns end to end, in pooled arrays; `missingSteps` when some point has no step. */
interface NumericRead {
  columns: NumericColumns;
  missingSteps: boolean;
}

/**
 * The series' first `info.count` points as columns, copied out of each chunk row as it arrives, so the
 * driver's rows die young (a scavenge frees them, rather than a full GC once a long read has kept them
 * all); null when a chunk holds something other than numbers.
 */
async function readNumeric(store: MetricStore, info: SeriesInfo): Promise<NumericRead | null> {
  const n = info.count;
  const columns = { steps: borrowColumn(n), times: borrowColumn(n), values: borrowColumn(n) };
  let [at, missingSteps] = [0, false];
  for await (const chunk of chunksOf(store, info.id)) {
    if (at >= n) break;
    const part = viewNumericColumns(chunk.payload);
    if (part === null) {
      returnColumns(columns.steps, columns.times, columns.values);
      return null;
    }
    const take = Math.min(part.values.length, n - at);
    for (const column of ['steps', 'times', 'values'] as const) columns[column].set(part[column].subarray(0, take), at);
    missingSteps ||= hasMissing(part.steps, take);
    at += take;
  }
  // Fewer stored points than counted would leave the columns' ends unwritten: they are cut off.
  const { steps, times, values } = columns;
  return { columns: { steps: steps.subarray(0, at), times: times.subarray(0, at), values: values.subarray(0, at) }, missingSteps };
}

function hasMissing(steps: Float64Array, take: number): boolean {
  for (let i = 0; i < take; i++) if (steps[i] !== steps[i]) return true;
  return false;
}

/** The points at ascending `indices`, as columns. */
function pick(columns: NumericColumns, indices: Int32Array): NumericColumns {
  const out = { steps: new Float64Array(indices.length), times: new Float64Array(indices.length), values: new Float64Array(indices.length) };
  indices.forEach((index, k) => {
    for (const column of ['steps', 'times', 'values'] as const) out[column][k] = columns[column][index]!;
  });
  return out;
}

/** Indices of the points to draw; x is the step (a step-less point's index stands in) or the time. */
function downsample({ columns, missingSteps }: NumericRead, query: SeriesQuery, limit: number): Int32Array {
  const ys = columns.values;
  // Min/max buckets go by index, so they never look at x: only LTTB pays for building it.
  if (query.method === 'minmax') return downsampleMinMax(ys, ys, limit);
  if (query.x === 'timestamp') return downsampleLttb(columns.times, ys, limit);
  if (!missingSteps) return downsampleLttb(columns.steps, ys, limit);
  const xs = borrowColumn(ys.length);
  for (let i = 0; i < xs.length; i++) xs[i] = columns.steps[i] === columns.steps[i] ? columns.steps[i]! : i;
  try {
    return downsampleLttb(xs, ys, limit);
  } finally {
    returnColumns(xs);
  }
}

/** The last `limit` of the series' first `info.count` points, decoded. */
async function readTail(store: MetricStore, info: SeriesInfo, limit: number): Promise<MetricPoint[]> {
  let tail: MetricPoint[] = [];
  let left = info.count;
  for await (const chunk of chunksOf(store, info.id)) {
    if (left <= 0) break;
    const points = decodeChunk(chunk.payload).slice(0, left);
    left -= points.length;
    tail = tail.concat(points);
    // Trimmed as it goes, so a long series never sits in memory whole.
    if (tail.length > 2 * limit) tail = tail.slice(-limit);
  }
  return tail.slice(-limit);
}
