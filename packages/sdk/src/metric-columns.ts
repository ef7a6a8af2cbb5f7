/**
 * The columnar batch shape: a client logs points one by one, and they travel as one object per metric
 * with parallel arrays, which the server parses and checks several times faster than an object per point.
 */
import type { api } from '@cairn/api';
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
  const out: SeriesIn = { name, kind: (group[0]!.kind ?? 'scalar') as SeriesIn['kind'], values: group.map((p) => p.value!) };
  if (group.some((p) => p.step !== undefined)) out.steps = group.map((p) => p.step ?? null);
  if (group[0]!.timestamp !== undefined) out.timestamps = group.map((p) => p.timestamp!);
  const description = group.find((p) => p.description !== undefined)?.description;
  if (description !== undefined) out.description = description;
  return out;
}
