/**
 * Metric values between the wire and the store. JSON has no NaN or ±Infinity, so they travel (and
 * `metric_series.latest` stores them) as the strings "NaN", "Infinity" and "-Infinity".
 */
import { F64_BASE64, InputError, cellFromWire, cellToWire, type Cell as WireCell, type Float64SeriesIn, type JsonSeriesIn, type MetricSeriesIn } from '@cairn/api';
import { float64sFromLittleEndian } from './codec.js';
import type { Cell, MetricPoint, MetricValue, PointBlock, PointColumns, Row } from './types.js';

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
 * The points of columnar series `index` of a batch (already checked by the route's schema): float64
 * columns when every value is a number (NaN and ±Infinity arrive as strings, or natively in base64
 * columns), else point objects. `now` stamps points sent without timestamps; steps and times lose a
 * -0 sign, as in codec.ts.
 */
export function blockFromWire(series: MetricSeriesIn, now: number, index: number): PointBlock {
  return series.encoding === F64_BASE64 ? columnsFromBase64(series, now, index) : blockFromJson(series, now);
}

function blockFromJson(series: JsonSeriesIn, now: number): PointBlock {
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

function pointsFromWire(series: JsonSeriesIn, now: number): MetricPoint[] {
  return series.values.map((wire, i) => {
    const step = series.steps?.[i];
    const point: MetricPoint = { time: series.timestamps?.[i] ?? now, value: cellFromWire(wire) };
    if (step != null) point.step = step;
    return point;
  });
}

/** Base64 float64 columns as point columns, after checking each step and timestamp as the JSON shape's schema does. */
function columnsFromBase64(series: Float64SeriesIn, now: number, index: number): PointColumns {
  const where = `series.${index}`;
  const values = float64sFromBase64(series.values, `${where}.values`);
  const n = values.length;
  const steps = series.steps === undefined ? new Float64Array(n).fill(NaN) : float64sFromBase64(series.steps, `${where}.steps`);
  const times = series.timestamps === undefined ? new Float64Array(n).fill(now) : float64sFromBase64(series.timestamps, `${where}.timestamps`);
  for (let i = 0; i < n; i++) {
    const step = steps[i]!;
    // NaN is a point without a step; anything else must be a step the JSON shape would take.
    if (step === step && !(Number.isSafeInteger(step) && step >= 0)) throw badColumn(`${where}.steps`, i, step, 'a whole number from 0 to 2^53 - 1, or NaN for a point without one');
    if (!Number.isFinite(times[i])) throw badColumn(`${where}.timestamps`, i, times[i]!, 'epoch milliseconds');
    steps[i] = step + 0;
    times[i] = times[i]! + 0;
  }
  return { length: n, steps, times, values };
}

/**
 * A base64 column (whose length the route's schema checked) as float64s. Buffer.from skips what is
 * not base64, so the text must be exactly the canonical base64 of the bytes it decodes to.
 */
export function float64sFromBase64(text: string, where: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) {
    throw invalid(where, 'is not standard base64: use the alphabet A-Z a-z 0-9 + / with "=" padding and nothing else (no line breaks)');
  }
  return float64sFromLittleEndian(bytes);
}

function badColumn(where: string, i: number, value: number, rule: string): InputError {
  return invalid(where, `entry ${i} is ${value}; each entry must be ${rule}`);
}

// Worded as the route's schema words its own issues (http/implement.ts).
function invalid(path: string, message: string): InputError {
  return new InputError('INVALID_INPUT', `invalid body: body.${path}: ${message}`, { issues: [{ path: `body.${path}`, message }] });
}
