/**
 * JSON ↔ tensor data for no-code ONNX scoring, written for the hot path: nested arrays go straight
 * into one Float32Array (no intermediate flat array), and results are written as JSON text row by
 * row, so a batch's output is split per request without building nested arrays first.
 */

/** Input the caller must fix: answered 400. */
export class BadInput extends Error {}

/** A request's values for one input: row-major data and its dims (first = rows). */
export interface Rows {
  data: Float32Array;
  dims: number[];
}

/** Flattens nested arrays of numbers into float32, checking the array is rectangular. */
export function rowsOf(value: unknown): Rows {
  const dims: number[] = [];
  for (let level = value; Array.isArray(level); level = level[0]) dims.push(level.length);
  if (dims.length === 0) throw new BadInput('an input must be an array of numbers, nested as the model expects');
  let size = 1;
  for (const d of dims) size *= d;
  const data = new Float32Array(size);
  if (fill(value as unknown[], dims, 0, data, 0) !== size) throw notRectangular(dims);
  return { data, dims };
}

/** Writes `array` (at `depth` of `dims`) into `out` from `offset`; returns the next offset. */
function fill(array: unknown[], dims: number[], depth: number, out: Float32Array, offset: number): number {
  if (array.length !== dims[depth]) throw notRectangular(dims);
  if (depth === dims.length - 1) {
    for (let i = 0; i < array.length; i += 1) {
      const v = array[i];
      if (typeof v !== 'number') throw notRectangular(dims);
      out[offset + i] = v;
    }
    return offset + array.length;
  }
  for (let i = 0; i < array.length; i += 1) {
    const next = array[i];
    if (!Array.isArray(next)) throw notRectangular(dims);
    offset = fill(next, dims, depth + 1, out, offset);
  }
  return offset;
}

function notRectangular(dims: number[]): BadInput {
  return new BadInput(`an input must be a rectangular array of numbers of shape [${dims.join(', ')}]`);
}

/** Concatenates requests' rows along the first axis (all share the other dims). */
export function concatRows(parts: Rows[]): Rows {
  if (parts.length === 1) return parts[0]!;
  let rows = 0;
  let size = 0;
  for (const part of parts) {
    rows += part.dims[0]!;
    size += part.data.length;
  }
  const data = new Float32Array(size);
  let offset = 0;
  for (const part of parts) {
    data.set(part.data, offset);
    offset += part.data.length;
  }
  return { data, dims: [rows, ...parts[0]!.dims.slice(1)] };
}

/** Tensor output as ONNX Runtime hands it back. */
export interface TensorLike {
  readonly data: ArrayLike<unknown>;
  readonly dims: readonly number[];
}

/** JSON text of `count` rows from row `from` of a tensor (the whole tensor for a scalar). */
export function jsonRows(tensor: TensorLike, from: number, count: number): string {
  if (tensor.dims.length === 0) return scalar(tensor.data[0]);
  return level(tensor, 0, from * stride(tensor.dims, 1), count);
}

function level(tensor: TensorLike, depth: number, offset: number, count: number): string {
  if (depth === tensor.dims.length) return scalar(tensor.data[offset]);
  const step = stride(tensor.dims, depth + 1);
  const inner = tensor.dims[depth + 1] ?? 0;
  let out = '[';
  for (let i = 0; i < count; i += 1) {
    if (i > 0) out += ',';
    out += level(tensor, depth + 1, offset + i * step, inner);
  }
  return `${out}]`;
}

function stride(dims: readonly number[], from: number): number {
  let n = 1;
  for (let i = from; i < dims.length; i += 1) n *= dims[i]!;
  return n;
}

function scalar(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? 'null';
}
