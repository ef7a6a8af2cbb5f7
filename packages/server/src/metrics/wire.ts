/**
 * Metric values between the wire and the store. JSON has no NaN or ±Infinity, so they travel (and
 * `metric_series.latest` stores them) as the strings "NaN", "Infinity" and "-Infinity".
 */
import { cellFromWire, cellToWire, type Cell as WireCell, type MetricSeriesIn } from '@cairn/api';
import type { Cell, MetricPoint, MetricValue, PointBlock, Row } from './types.js';

/** A wire row (table metric) to its value. */
export function rowFromWire(row: Record<string, WireCell>): Row {
  const out: Row = {};
  // defineProperty, so a column named "__proto__" stays a column.
  for (const key of Object.keys(row)) defineCell(out, key, cellFromWire(row[key]!));
  return out;
}

/** A value (cell or row) to its wire form. */
export function valueToWire(value: MetricValue): WireCell | Record<string, WireCell> {
  if (value === null || typeof value !== 'object') return cellToWire(value);
  const out: Record<string, WireCell> = {};
  for (const key of Object.keys(value)) defineCell(out, key, cellToWire(value[key]!));
  return out;
}

/** A wire value (cell or row) to its value. */
export function valueFromWire(value: unknown): MetricValue {
  if (value === null || typeof value !== 'object') return cellFromWire(value as WireCell);
  return rowFromWire(value as Record<string, WireCell>);
}

/** The number a filter or sort uses for a value: numbers other than NaN (SQLite cannot store NaN), else null. */
export function numberOf(value: MetricValue): number | null {
  return typeof value === 'number' && !Number.isNaN(value) ? value : null;
}

function defineCell<T extends Cell | WireCell>(target: Record<string, T>, key: string, cell: T): void {
  Object.defineProperty(target, key, { value: cell, enumerable: true, writable: true, configurable: true });
}

/**
 * The points of a columnar series (already checked by the route's schema): float64 columns when every
 * value is a number (NaN and ±Infinity arrive as strings), else point objects. `now` stamps points
 * sent without timestamps; steps and times lose a -0 sign, as in codec.ts.
 */
export function blockFromWire(series: MetricSeriesIn, now: number): PointBlock {
  const n = series.values.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const wire = series.values[i]!;
    const value = typeof wire === 'number' ? wire : cellFromWire(wire);
    if (typeof value !== 'number') return pointsFromWire(series, now);
    values[i] = value;
  }
  const steps = new Float64Array(n);
  const times = new Float64Array(n);
  const { steps: wireSteps, timestamps } = series;
  for (let i = 0; i < n; i++) {
    const step = wireSteps?.[i];
    steps[i] = step == null ? NaN : step + 0;
    times[i] = timestamps === undefined ? now : timestamps[i]! + 0;
  }
  return { length: n, steps, times, values };
}

function pointsFromWire(series: MetricSeriesIn, now: number): MetricPoint[] {
  return series.values.map((wire, i) => {
    const step = series.steps?.[i];
    const point: MetricPoint = { time: series.timestamps?.[i] ?? now, value: cellFromWire(wire) };
    if (step != null) point.step = step;
    return point;
  });
}
