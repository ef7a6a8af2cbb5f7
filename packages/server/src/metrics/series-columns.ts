/** Series points in the wire's column layout (`SeriesColumns`): one array per field. */
import { cellToWire, type Cell as WireCell } from '@cairn/api';
import type { NumericColumns } from './codec.js';
import type { Cell, MetricKind, MetricPoint, Row } from './types.js';

/** A series (or part of one) as the API returns it. */
export interface WireColumns {
  step: (number | null)[];
  timestamp: number[];
  value?: WireCell[];
  columns?: Record<string, WireCell[]>;
}

/** The wire columns of numeric points. */
export function numericToWire(columns: NumericColumns): WireColumns {
  const n = columns.values.length;
  const step = new Array<number | null>(n);
  const timestamp = new Array<number>(n);
  const value = new Array<WireCell>(n);
  for (let i = 0; i < n; i++) {
    const s = columns.steps[i]!;
    step[i] = s === s ? s : null;
    timestamp[i] = columns.times[i]!;
    value[i] = cellToWire(columns.values[i]!);
  }
  return { step, timestamp, value };
}

/** The wire columns of decoded points: `value` for cell metrics, `columns` (in `names` order) for tables. */
export function pointsToWire(kind: MetricKind, names: readonly string[] | null, points: readonly MetricPoint[]): WireColumns {
  const step = points.map((p) => p.step ?? null);
  const timestamp = points.map((p) => p.time);
  if (kind !== 'table') return { step, timestamp, value: points.map((p) => cellToWire(p.value as Cell)) };
  const columns: Record<string, WireCell[]> = {};
  for (const name of names ?? []) {
    const cells = points.map((p) => cellToWire(Object.hasOwn(p.value as Row, name) ? (p.value as Row)[name]! : null));
    Object.defineProperty(columns, name, { value: cells, enumerable: true, writable: true, configurable: true });
  }
  return { step, timestamp, columns };
}
