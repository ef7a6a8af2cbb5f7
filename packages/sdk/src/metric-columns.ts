/**
 * The columnar batch shape: a client logs points one by one, and they travel as one object per metric
 * with parallel arrays, which the server parses and checks several times faster than an object per point.
 * A metric whose values are all numbers travels as base64 float64 columns (`encoding: "f64le-base64"`),
 * which the server parses several times faster again than JSON numbers, NaN and ±Infinity included.
 */
import { F64_BASE64, type api } from '@cairn/api';
import type { BodyOf } from './types.js';

type Batch = BodyOf<typeof api.metrics.logBatch>;
type PointIn = NonNullable<Batch['points']>[number];
type SeriesIn = NonNullable<Batch['series']>[number];

/**
 * Splits points into `series` (columns) and `points`. A metric travels in columns only when all its
 * points fit them: the same kind (not a table), and timestamps on all or none (the server stamps the
 * rest); otherwise all its points go as they are, so its order and the server's checks stay the same.
 */
export function toColumnarBatch(points: readonly PointIn[]): Pick<Batch, 'points' | 'series'> {
  const byName = new Map<string, PointIn[]>();
  for (const point of points) (byName.get(point.name) ?? byName.set(point.name, []).get(point.name)!).push(point);
  const series: SeriesIn[] = [];
  const rest: PointIn[] = [];
  for (const [name, group] of byName) {
    if (fitsColumns(group)) series.push(columnsOf(name, group));
    else rest.push(...group);
  }
  return { ...(series.length > 0 ? { series } : {}), ...(rest.length > 0 ? { points: rest } : {}) };
}

function fitsColumns(group: readonly PointIn[]): boolean {
  const kind = group[0]!.kind ?? 'scalar';
  const stamped = group[0]!.timestamp !== undefined;
  return kind !== 'table' && group.every((p) => (p.kind ?? 'scalar') === kind && p.row === undefined && p.value !== undefined && (p.timestamp !== undefined) === stamped);
}

function columnsOf(name: string, group: readonly PointIn[]): SeriesIn {
  const kind = group[0]!.kind ?? 'scalar';
  const values = kind === 'image' ? null : numbersOf(group);
  const out = values === null ? jsonColumns(name, kind as 'scalar' | 'list' | 'image', group) : float64Columns(name, kind as 'scalar' | 'list', group, values);
  const description = group.find((p) => p.description !== undefined)?.description;
  if (description !== undefined) out.description = description;
  return out;
}

function jsonColumns(name: string, kind: 'scalar' | 'list' | 'image', group: readonly PointIn[]): SeriesIn {
  const out: SeriesIn = { name, kind, values: group.map((p) => p.value!) };
  if (group.some((p) => p.step !== undefined)) out.steps = group.map((p) => p.step ?? null);
  if (group[0]!.timestamp !== undefined) out.timestamps = group.map((p) => p.timestamp!);
  return out;
}

function float64Columns(name: string, kind: 'scalar' | 'list', group: readonly PointIn[], values: Float64Array): SeriesIn {
  const out: SeriesIn = { name, kind, encoding: F64_BASE64, values: float64Base64(values) };
  if (group.some((p) => p.step !== undefined)) out.steps = float64Base64(Float64Array.from(group, (p) => p.step ?? Number.NaN));
  if (group[0]!.timestamp !== undefined) out.timestamps = float64Base64(Float64Array.from(group, (p) => p.timestamp!));
  return out;
}

const FROM_WIRE = new Map<unknown, number>([['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ['-Infinity', Number.NEGATIVE_INFINITY]]);

/** The values as float64s when every one is a number (or the wire text of NaN or ±Infinity), else null. */
function numbersOf(group: readonly PointIn[]): Float64Array | null {
  const out = new Float64Array(group.length);
  for (let i = 0; i < group.length; i++) {
    const value = group[i]!.value;
    const number = typeof value === 'number' ? value : FROM_WIRE.get(value);
    if (number === undefined) return null;
    out[i] = number;
  }
  return out;
}

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float64s as base64 of their little-endian bytes, the `f64le-base64` column encoding. */
export function float64Base64(values: Float64Array): string {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return (HOST_IS_LITTLE_ENDIAN ? bytes : Buffer.from(bytes).swap64()).toString('base64');
}
