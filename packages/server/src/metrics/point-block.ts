/**
 * Blocks of new points on their way to chunks. A columnar batch whose values are all numbers stays in
 * float64 columns from the wire to the chunk payload, with no object per point; anything else (strings,
 * booleans, rows, or a series fed by both shapes at once) travels as point objects.
 */
import type { MetricPoint, PointBlock, PointColumns } from './types.js';

/** Whether a block is in columns. */
export function isColumns(block: PointBlock): block is PointColumns {
  return !Array.isArray(block);
}

/** The block as point objects (the slow path: strings, rows, mixed shapes). */
export function pointsOf(block: PointBlock): readonly MetricPoint[] {
  if (!isColumns(block)) return block;
  const points = new Array<MetricPoint>(block.length);
  for (let i = 0; i < block.length; i++) points[i] = pointAt(block, i);
  return points;
}

/** Point `i` of columns as an object. */
export function pointAt(block: PointColumns, i: number): MetricPoint {
  const step = block.steps[i]!;
  return step === step ? { step, time: block.times[i]!, value: block.values[i]! } : { time: block.times[i]!, value: block.values[i]! };
}

/** Points [start, end) of a block; columns are viewed, not copied. */
export function sliceBlock(block: PointBlock, start: number, end: number): PointBlock {
  if (!isColumns(block)) return block.slice(start, end);
  const { steps, times, values } = block;
  return { length: end - start, steps: steps.subarray(start, end), times: times.subarray(start, end), values: values.subarray(start, end) };
}

/** The blocks end to end: columns when every block is, else point objects. */
export function joinBlocks(blocks: readonly PointBlock[]): PointBlock {
  if (blocks.length === 1) return blocks[0]!;
  if (!blocks.every(isColumns)) return blocks.flatMap((block) => pointsOf(block));
  const length = blocks.reduce((n, block) => n + block.length, 0);
  const out: PointColumns = { length, steps: new Float64Array(length), times: new Float64Array(length), values: new Float64Array(length) };
  let at = 0;
  for (const block of blocks as PointColumns[]) {
    out.steps.set(block.steps, at);
    out.times.set(block.times, at);
    out.values.set(block.values, at);
    at += block.length;
  }
  return out;
}

/** Whether any point of the columns has a step. */
export function hasAnyStep(steps: Float64Array): boolean {
  for (let i = 0; i < steps.length; i++) if (steps[i] === steps[i]) return true;
  return false;
}

/**
 * The point that becomes the series' latest, or null when none replaces the current one (whose step is
 * `step`: undefined when there is none yet). A point replaces the latest when its step is at least the
 * latest step, or when either has no step: a step-less point counts as logged now, so it wins, and the
 * next stepped point wins over it.
 */
export function latestOf(block: PointBlock, step: number | null | undefined): MetricPoint | null {
  if (!isColumns(block)) return latestOfPoints(block, step);
  const chosen = latestIndex(block.steps, step);
  return chosen < 0 ? null : pointAt(block, chosen);
}

function latestOfPoints(points: readonly MetricPoint[], step: number | null | undefined): MetricPoint | null {
  let chosen: MetricPoint | null = null;
  for (const point of points) {
    if (replaces(point.step ?? null, step)) {
      chosen = point;
      step = point.step ?? null;
    }
  }
  return chosen;
}

// Plain assignments, not a destructured pair: this loop runs once per point logged.
function latestIndex(steps: Float64Array, step: number | null | undefined): number {
  let chosen = -1;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const own = s === s ? s : null;
    if (replaces(own, step)) {
      chosen = i;
      step = own;
    }
  }
  return chosen;
}

function replaces(own: number | null, latest: number | null | undefined): boolean {
  return latest === undefined || latest === null || own === null || own >= latest;
}
