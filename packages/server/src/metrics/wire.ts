/**
 * Metric values between the wire and the store. JSON has no NaN or ±Infinity, so they travel (and
 * `metric_series.latest` stores them) as the strings "NaN", "Infinity" and "-Infinity".
 */
import { cellFromWire, cellToWire, type Cell as WireCell } from '@cairn/api';
import type { Cell, MetricValue, Row } from './types.js';

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
