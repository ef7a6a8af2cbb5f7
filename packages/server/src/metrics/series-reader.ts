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
  const parts = info.kind === 'scalar' || info.kind === 'list' ? await readNumeric(store, info) : null;
  const points = parts
    ? numericToWire(pick(parts, info.count > limit ? downsample(parts, query, limit) : null))
    : pointsToWire(info.kind, info.columns, await readTail(store, info, limit));
  const { name, kind, columns, count } = info;
  return { name, kind, columns, count, downsampled: points.timestamp.length < count, points };
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

/**
 * The series' columns chunk by chunk, with no object per point and no copy (views of the rows the
 * driver returned), cut at `info.count` points; null when a chunk holds something other than numbers.
 */
async function readNumeric(store: MetricStore, info: SeriesInfo): Promise<NumericColumns[] | null> {
  const parts: NumericColumns[] = [];
  let left = info.count;
  for await (const chunk of chunksOf(store, info.id)) {
    if (left <= 0) break;
    const columns = viewNumericColumns(chunk.payload);
    if (columns === null) return null;
    const take = Math.min(columns.values.length, left);
    parts.push(take === columns.values.length ? columns : { steps: columns.steps.subarray(0, take), times: columns.times.subarray(0, take), values: columns.values.subarray(0, take) });
    left -= take;
  }
  return parts;
}

/** One column of every part, end to end. */
function joined(parts: NumericColumns[], column: keyof NumericColumns): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.values.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part[column], at);
    at += part.values.length;
  }
  return out;
}

/** The points at ascending `indices` (all points when null), as columns. */
function pick(parts: NumericColumns[], indices: Int32Array | null): NumericColumns {
  if (indices === null) return { steps: joined(parts, 'steps'), times: joined(parts, 'times'), values: joined(parts, 'values') };
  const out = { steps: new Float64Array(indices.length), times: new Float64Array(indices.length), values: new Float64Array(indices.length) };
  let part = 0;
  let start = 0;
  indices.forEach((index, k) => {
    while (index >= start + parts[part]!.values.length) start += parts[part++]!.values.length;
    for (const column of ['steps', 'times', 'values'] as const) out[column][k] = parts[part]![column][index - start]!;
  });
  return out;
}

/** Indices of the points to draw; x is the step (a step-less point's index stands in) or the time. */
function downsample(parts: NumericColumns[], query: SeriesQuery, limit: number): Int32Array {
  const ys = joined(parts, 'values');
  // Min/max buckets go by index, so they never look at x: only LTTB pays for building it.
  if (query.method === 'minmax') return downsampleMinMax(ys, ys, limit);
  const xs = joined(parts, query.x === 'step' ? 'steps' : 'times');
  if (query.x === 'step') for (let i = 0; i < xs.length; i++) if (xs[i] !== xs[i]) xs[i] = i;
  return downsampleLttb(xs, ys, limit);
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
