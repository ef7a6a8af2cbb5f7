import { Buffer } from 'node:buffer';
import { hasAnyStep, isColumns, pointsOf } from './point-block.js';
import type { Cell, MetricPoint, MetricValue, PointBlock, PointColumns, Row } from './types.js';

// Payload of one `metric_chunks` row.
//
//   header, 8 bytes: magic 0xCA | version 1 | encoding (1 numeric, 2 json) | flags | count (uint32 LE)
//   numeric body:    [steps] times values — little-endian float64 columns of `count` entries each;
//                    the step column is present only when flag bit 0 is set (a series logged without
//                    steps costs 16 bytes a point, not 24), and holds NaN for a point without a step.
//   json body:       UTF-8 JSON array of [step | null, time, value] tuples.
//
// The header is 8 bytes so the columns stay 8-byte aligned within a freshly allocated payload.
// JSON has no NaN, ±Infinity or -0, so those numbers are written as one-element arrays
// (["NaN"], ["Infinity"], ["-Infinity"], ["-0"]). A value is never an array otherwise, so a tag cannot
// be confused with a string "NaN" or with a table column of any name.

/** How a chunk's body is laid out: float64 columns, or JSON for anything that is not all numbers. */
export type ChunkEncoding = 'numeric' | 'json';

/** A chunk ready to store: the payload plus the summary columns of its `metric_chunks` row. */
export interface EncodedChunk {
  payload: Uint8Array;
  encoding: ChunkEncoding;
  count: number;
  /** Lowest step in the chunk, null when no point has one (the first step when steps increase). */
  firstStep: number | null;
  /** Highest step in the chunk, so a step-range query may skip the chunk even if steps go back. */
  lastStep: number | null;
  /** Over finite number values only; null when there are none (table rows never count). */
  minValue: number | null;
  maxValue: number | null;
}

/** The columns of an all-numeric chunk; `steps` holds NaN where a point has no step. */
export interface NumericColumns {
  steps: Float64Array;
  times: Float64Array;
  values: Float64Array;
}

/** What a payload's header says, once checked against the payload's length. */
export interface ChunkHeader {
  version: number;
  encoding: ChunkEncoding;
  count: number;
  hasSteps: boolean;
}

const MAGIC = 0xca;
const VERSION = 1;
const HEADER_BYTES = 8;
const CODE: Record<ChunkEncoding, number> = { numeric: 1, json: 2 };
const FLAG_STEPS = 1;
const MAX_STEP = 2 ** 53;
const TAGS = new Map<unknown, number>([['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['-0', -0]]);
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Encodes points (in log order) as one chunk payload with its summary; columns are copied in whole. */
export function encodeChunk(points: PointBlock): EncodedChunk {
  const layout = layoutOf(points);
  if (layout === null) return encodeJson(points as readonly MetricPoint[]);
  const { payload, columns } = allocateNumeric(points.length, layout.hasSteps);
  writeBlock(points, columns, 0);
  return finishNumeric(payload, columns);
}

/** Decodes a payload written by `encodeChunk`; throws on a corrupt one. */
export function decodeChunk(payload: Uint8Array): MetricPoint[] {
  const header = readChunkHeader(payload);
  return header.encoding === 'numeric' ? numericPoints(payload, header) : jsonPoints(payload, header);
}

/** Decodes an all-numeric chunk straight into columns, with no object per point; null for a JSON chunk. */
export function decodeNumericColumns(payload: Uint8Array): NumericColumns | null {
  const header = readChunkHeader(payload);
  return header.encoding === 'numeric' ? numericColumns(payload, header) : null;
}

/**
 * Like `decodeNumericColumns`, but the columns are views of the payload itself when it is 8-byte
 * aligned (a chunk row fresh from the driver), so a read of a long series copies nothing here. The
 * caller must own the payload: writing to the columns writes to it.
 */
export function viewNumericColumns(payload: Uint8Array): NumericColumns | null {
  const header = readChunkHeader(payload);
  if (header.encoding !== 'numeric') return null;
  return columnsOf(float64sFromLittleEndian(payload.subarray(HEADER_BYTES)), header);
}

/**
 * Little-endian float64 bytes as float64s: a view of `bytes` when the host is little-endian and they
 * are 8-byte aligned (the caller then owns them: writing to one writes to the other), else a copy.
 * Buffers from Node's shared pool and rows from a driver may start at any offset.
 */
export function float64sFromLittleEndian(bytes: Uint8Array): Float64Array {
  if (HOST_IS_LITTLE_ENDIAN && bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes64(copy);
  return new Float64Array(copy.buffer);
}

/**
 * Re-encodes a stored chunk with more points after it, for appending to a small open chunk;
 * when both parts are all numbers they are joined column by column, with no object per point.
 */
export function appendChunk(payload: Uint8Array, points: PointBlock): EncodedChunk {
  const header = readChunkHeader(payload);
  const layout = layoutOf(points);
  if (header.encoding === 'json' || layout === null) return encodeChunk(decodeChunk(payload).concat(pointsOf(points)));
  const stored = numericColumns(payload, header);
  const joined = allocateNumeric(header.count + points.length, header.hasSteps || layout.hasSteps);
  joined.columns.steps?.set(stored.steps); // NaN-filled when the stored chunk had no steps
  joined.columns.times.set(stored.times);
  joined.columns.values.set(stored.values);
  writeBlock(points, joined.columns, header.count);
  return finishNumeric(joined.payload, joined.columns);
}

/** Reads and checks the header of a payload; throws an Error naming what is wrong. */
export function readChunkHeader(payload: Uint8Array): ChunkHeader {
  if (payload.length < HEADER_BYTES) throw corrupt(`${payload.length} bytes is shorter than the header`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (view.getUint8(0) !== MAGIC) throw corrupt(`bad magic byte 0x${hex(view.getUint8(0))}`);
  const version = view.getUint8(1);
  if (version !== VERSION) throw corrupt(`unknown format version ${version}`);
  const encoding = encodingOf(view.getUint8(2));
  const flags = view.getUint8(3);
  if ((flags & ~FLAG_STEPS) !== 0 || (encoding === 'json' && flags !== 0)) throw corrupt(`bad flags 0x${hex(flags)}`);
  const header = { version, encoding, count: view.getUint32(4, true), hasSteps: flags === FLAG_STEPS };
  if (encoding === 'numeric') checkNumericLength(payload, header);
  return header;
}

function encodingOf(code: number): ChunkEncoding {
  if (code === CODE.numeric) return 'numeric';
  if (code === CODE.json) return 'json';
  throw corrupt(`unknown encoding ${code}`);
}

function checkNumericLength(payload: Uint8Array, header: ChunkHeader): void {
  const expected = HEADER_BYTES + columnCount(header.hasSteps) * 8 * header.count;
  if (payload.length !== expected) {
    throw corrupt(`${header.count} numeric points need ${expected} bytes, payload has ${payload.length}`);
  }
}

function corrupt(reason: string): Error {
  return new Error(`metric chunk is corrupt: ${reason}`);
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function columnCount(hasSteps: boolean): number {
  return hasSteps ? 3 : 2;
}

function writeHeader(payload: Uint8Array, encoding: ChunkEncoding, hasSteps: boolean, count: number): void {
  const view = new DataView(payload.buffer, payload.byteOffset, HEADER_BYTES);
  view.setUint8(0, MAGIC);
  view.setUint8(1, VERSION);
  view.setUint8(2, CODE[encoding]);
  view.setUint8(3, hasSteps ? FLAG_STEPS : 0);
  view.setUint32(4, count, true);
}

// ---- numeric encoding ----------------------------------------------------------------------------

/** Columns are all numbers by construction; points are checked. */
function layoutOf(points: PointBlock): { hasSteps: boolean } | null {
  return isColumns(points) ? { hasSteps: hasAnyStep(points.steps) } : numericLayout(points);
}

/** Writes a block into the columns from index `at` on: columns by copy, points field by field. */
function writeBlock(points: PointBlock, columns: WritableColumns, at: number): void {
  if (!isColumns(points)) return writeColumns(points, columns, at);
  copyColumns(points, columns, at);
}

// The wire check and blockFromWire already made steps whole and times finite, with -0 turned to 0.
function copyColumns(block: PointColumns, columns: WritableColumns, at: number): void {
  columns.steps?.set(block.steps, at);
  columns.times.set(block.times, at);
  columns.values.set(block.values, at);
}

/** Null when some value is not a number; one plain loop, as this runs on every ingested point. */
function numericLayout(points: readonly MetricPoint[]): { hasSteps: boolean } | null {
  let hasSteps = false;
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    if (typeof point.value !== 'number') return null;
    if (point.step != null) hasSteps = true;
  }
  return { hasSteps };
}

interface WritableColumns {
  steps: Float64Array | null;
  times: Float64Array;
  values: Float64Array;
}

function allocateNumeric(count: number, hasSteps: boolean): { payload: Uint8Array; columns: WritableColumns } {
  const payload = new Uint8Array(HEADER_BYTES + columnCount(hasSteps) * 8 * count);
  writeHeader(payload, 'numeric', hasSteps, count);
  // A fresh ArrayBuffer is 8-aligned and so is the 8-byte header: the columns can be viewed directly.
  const column = (k: number) => new Float64Array(payload.buffer, HEADER_BYTES + k * 8 * count, count);
  const first = hasSteps ? 1 : 0;
  return { payload, columns: { steps: hasSteps ? column(0) : null, times: column(first), values: column(first + 1) } };
}

/** Writes the points' fields into the columns from index `at` on. */
function writeColumns(points: readonly MetricPoint[], columns: WritableColumns, at: number): void {
  const { steps, times, values } = columns;
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    if (steps !== null) steps[at + i] = stepOf(point);
    times[at + i] = timeOf(point);
    values[at + i] = point.value as number;
  }
}

function finishNumeric(payload: Uint8Array, columns: WritableColumns): EncodedChunk {
  const [firstStep, lastStep] = columns.steps ? finiteRange(columns.steps) : [null, null];
  const [minValue, maxValue] = finiteRange(columns.values);
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes64(payload.subarray(HEADER_BYTES));
  const count = columns.values.length;
  return { payload, encoding: 'numeric', count, firstStep, lastStep, minValue, maxValue };
}

function finiteRange(column: Float64Array): [number | null, number | null] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    if (x - x !== 0) continue; // NaN or ±Infinity: not a bound a chart or a filter can use
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return min === Infinity ? [null, null] : [min, max];
}

/** NaN for a point without a step; a step that is not an integer cannot be stored in the step column. */
function stepOf(point: MetricPoint): number {
  const step = point.step;
  if (step == null) return NaN;
  if (!Number.isInteger(step) || Math.abs(step) > MAX_STEP) {
    throw new RangeError(`metric step must be an integer of at most 2^53, got ${String(step)}`);
  }
  return step + 0; // -0 → 0: JSON cannot tell them apart, and both encodings must agree
}

function timeOf(point: MetricPoint): number {
  if (!Number.isFinite(point.time)) throw new RangeError(`metric time must be a finite number, got ${String(point.time)}`);
  return point.time + 0; // -0 → 0, as for steps
}

function swapBytes64(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i += 8) bytes.subarray(i, i + 8).reverse();
}

// ---- numeric decoding ----------------------------------------------------------------------------

function numericColumns(payload: Uint8Array, header: ChunkHeader): NumericColumns {
  // Copy into a fresh buffer: a payload from a driver may be a view into a shared pool at an offset
  // that is not 8-aligned, and callers must not see (or pin) the driver's memory.
  const body = new Uint8Array(payload.length - HEADER_BYTES);
  body.set(payload.subarray(HEADER_BYTES));
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes64(body);
  return columnsOf(new Float64Array(body.buffer), header);
}

/** Splits a numeric body, read as float64s, into its columns. */
function columnsOf(columns: Float64Array, header: ChunkHeader): NumericColumns {
  const n = header.count;
  const timesAt = header.hasSteps ? n : 0;
  const steps = header.hasSteps ? columns.subarray(0, n) : new Float64Array(n).fill(NaN);
  return { steps, times: columns.subarray(timesAt, timesAt + n), values: columns.subarray(timesAt + n) };
}

function numericPoints(payload: Uint8Array, header: ChunkHeader): MetricPoint[] {
  const { steps, times, values } = numericColumns(payload, header);
  const points = new Array<MetricPoint>(header.count);
  for (let i = 0; i < header.count; i++) {
    const step = steps[i]!;
    points[i] = step === step ? { step, time: times[i]!, value: values[i]! } : { time: times[i]!, value: values[i]! };
  }
  return points;
}

// ---- json encoding -------------------------------------------------------------------------------

type Tuple = [number | null, number, unknown];

function encodeJson(points: readonly MetricPoint[]): EncodedChunk {
  const tuples = new Array<Tuple>(points.length);
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const step = stepOf(point);
    tuples[i] = [step === step ? step : null, timeOf(point), jsonValue(point.value)];
  }
  const json = JSON.stringify(tuples);
  const payload = new Uint8Array(HEADER_BYTES + Buffer.byteLength(json, 'utf8'));
  writeHeader(payload, 'json', false, points.length);
  utf8Encoder.encodeInto(json, payload.subarray(HEADER_BYTES));
  return { payload, encoding: 'json', count: points.length, ...jsonStats(points) };
}

function jsonStats(points: readonly MetricPoint[]): Omit<EncodedChunk, 'payload' | 'encoding' | 'count'> {
  let firstStep = Infinity;
  let lastStep = -Infinity;
  let minValue = Infinity;
  let maxValue = -Infinity;
  for (const { step, value } of points) {
    if (step != null) [firstStep, lastStep] = [Math.min(firstStep, step), Math.max(lastStep, step)];
    if (typeof value === 'number' && Number.isFinite(value)) {
      [minValue, maxValue] = [Math.min(minValue, value), Math.max(maxValue, value)];
    }
  }
  const found = (x: number) => (Number.isFinite(x) ? x : null);
  return { firstStep: found(firstStep), lastStep: found(lastStep), minValue: found(minValue), maxValue: found(maxValue) };
}

function jsonValue(value: MetricValue): unknown {
  if (value !== null && typeof value === 'object' && isPlainObject(value)) return jsonRow(value);
  return jsonCell(value as Cell);
}

function jsonRow(row: Row): unknown {
  const entries: [string, unknown][] = Object.entries(row);
  let changed = false;
  for (const entry of entries) {
    const cell = jsonCell(entry[1] as Cell);
    if (cell !== entry[1]) [entry[1], changed] = [cell, true];
  }
  // fromEntries defines own properties, so a column named "__proto__" stays a column.
  return changed ? Object.fromEntries(entries) : row;
}

function jsonCell(cell: Cell): unknown {
  switch (typeof cell) {
    case 'number':
      if (Number.isFinite(cell) && !Object.is(cell, -0)) return cell;
      return [Object.is(cell, -0) ? '-0' : String(cell)];
    case 'string':
    case 'boolean':
      return cell;
    default:
      if (cell === null) return null;
      // An array or a nested object would decode as something else; undefined would vanish.
      throw new TypeError(`unsupported metric value: ${describe(cell)}`);
  }
}

function isPlainObject(value: object): value is Row {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

// ---- json decoding -------------------------------------------------------------------------------

function jsonPoints(payload: Uint8Array, header: ChunkHeader): MetricPoint[] {
  let tuples: unknown;
  try {
    tuples = JSON.parse(utf8.decode(payload.subarray(HEADER_BYTES)));
  } catch (error) {
    throw corrupt(`body is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(tuples) || tuples.length !== header.count) {
    throw corrupt(`header says ${header.count} points, body holds ${describeCount(tuples)}`);
  }
  return tuples.map(pointOf);
}

function describeCount(tuples: unknown): string {
  return Array.isArray(tuples) ? String(tuples.length) : describe(tuples);
}

function pointOf(tuple: unknown, index: number): MetricPoint {
  if (!Array.isArray(tuple) || tuple.length !== 3 || typeof tuple[1] !== 'number') {
    throw corrupt(`point ${index} is not a [step, time, value] tuple`);
  }
  const [step, time, value] = tuple as Tuple;
  if (step !== null && typeof step !== 'number') throw corrupt(`point ${index} has a step that is not a number`);
  return step === null ? { time, value: decodeValue(value) } : { step, time, value: decodeValue(value) };
}

function decodeValue(value: unknown): MetricValue {
  if (Array.isArray(value)) return untag(value);
  if (value === null || typeof value !== 'object') return value as Cell;
  const row = value as Record<string, unknown>;
  // Assigning to an own "__proto__" property sets the property, not the prototype.
  for (const key of Object.keys(row)) if (Array.isArray(row[key])) row[key] = untag(row[key]);
  return row as Row;
}

function untag(tag: unknown[]): number {
  const number = tag.length === 1 ? TAGS.get(tag[0]) : undefined;
  if (number === undefined) throw corrupt(`unknown tagged value ${JSON.stringify(tag)}`);
  return number;
}
