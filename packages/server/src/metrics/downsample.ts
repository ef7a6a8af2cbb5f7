// Downsampling a numeric series for a chart: both functions return the ascending indices of the
// points to draw, at most `maxPoints` of them, and the same input always gives the same output.
//
// Buckets are ranges of *index* (log order), not of x. That is one pass with no search, every bucket
// is non-empty, and it works whatever x is — the step, or the time when there is no step — even when x
// goes back (a resumed run logs step 100 again). The cost: where points are unevenly spaced in x, the
// buckets cover uneven x spans; each still keeps its extremes, so no spike is lost.
//
// Non-finite values are spikes a user must see (a loss that became NaN is the point of the chart), so
// every bucket that holds one keeps one: its first NaN, and ±Infinity as that bucket's max or min.

/** Picks the indices of the points to draw; every algorithm has this shape so a caller can switch. */
export type Downsampler = (xs: Float64Array, ys: Float64Array, maxPoints: number) => Int32Array;

interface Extremes {
  /** Index of the lowest non-NaN value (first on ties), -1 when there is none. */
  min: number;
  max: number;
  /** Index of the first NaN, -1 when there is none. */
  nan: number;
}

/**
 * M4-style: per bucket keeps the first, last, min and max points (and the first NaN), so the global
 * min and max, the first and last points, and every isolated NaN or ±Infinity are always kept.
 * Only the length of `xs` matters here, as buckets are by index.
 */
export const downsampleMinMax: Downsampler = (xs, ys, maxPoints) => {
  const n = checkedLength(xs, ys);
  const budget = Math.max(0, Math.floor(maxPoints));
  if (budget >= n) return identity(n);
  // Most series hold no NaN: try with four slots a bucket in one pass, and only when a NaN turns up
  // start again with a fifth slot for it (and so fewer buckets).
  return minMaxBuckets(ys, budget, 4) ?? minMaxBuckets(ys, budget, 5)!;
};

/** Null when a NaN is met but no slot was set aside for it. */
function minMaxBuckets(ys: Float64Array, budget: number, slots: 4 | 5): Int32Array | null {
  const n = ys.length;
  if (budget < slots) return fewest(ys, budget);
  const buckets = Math.floor(budget / slots);
  const out = new Int32Array(buckets * slots);
  let length = 0;
  for (let b = 0; b < buckets; b++) {
    // Integer products stay exact, so bucket edges never drift and never skip an index.
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    const found = extremes(ys, from, to);
    if (found.nan >= 0 && slots === 4) return null;
    length = keepBucket([from, found.min, found.max, found.nan, to - 1], out, length);
  }
  return out.slice(0, length);
}

/**
 * Largest-Triangle-Three-Buckets, which keeps the shape with one point per bucket; the first and last
 * points, the global min and max, and the first non-finite value of each bucket are always kept.
 * Triangle areas need finite `xs`: pass times where points have no step.
 */
export const downsampleLttb: Downsampler = (xs, ys, maxPoints) => {
  const n = checkedLength(xs, ys);
  const budget = Math.max(0, Math.floor(maxPoints));
  if (budget >= n) return identity(n);
  const global = extremes(ys, 0, n);
  // LTTB alone can miss a global extreme, so they are added afterwards and their room set aside.
  const forced = [...new Set([global.min, global.max])].filter((i) => i > 0 && i < n - 1);
  if (budget - forced.length < 3) return fewest(ys, budget);
  return sortedUnique([...lttb(xs, ys, budget - forced.length), ...forced]);
};

function checkedLength(xs: Float64Array, ys: Float64Array): number {
  if (xs.length !== ys.length) throw new RangeError(`xs has ${xs.length} points but ys has ${ys.length}`);
  return ys.length;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function extremes(ys: Float64Array, from: number, to: number): Extremes {
  let min = -1;
  let max = -1;
  let nan = -1;
  let low = 0;
  let high = 0;
  for (let i = from; i < to; i++) {
    const y = ys[i]!;
    if (y !== y) {
      if (nan < 0) nan = i;
    } else {
      if (min < 0 || y < low) {
        min = i;
        low = y;
      }
      if (max < 0 || y > high) {
        max = i;
        high = y;
      }
    }
  }
  return { min, max, nan };
}

/** Writes the kept indices (-1 for none) at `out[at…]` in index order and returns the new length. */
function keepBucket(candidates: number[], out: Int32Array, at: number): number {
  const kept = candidates.filter((i) => i >= 0).sort((a, b) => a - b);
  for (let k = 0; k < kept.length; k++) {
    if (k === 0 || kept[k] !== kept[k - 1]) out[at++] = kept[k]!;
  }
  return at;
}

/** For budgets too small for buckets: first, last, max, min, first NaN — as many as fit. */
function fewest(ys: Float64Array, budget: number): Int32Array {
  const n = ys.length;
  const { min, max, nan } = extremes(ys, 0, n);
  const ranked = [...new Set([0, n - 1, max, min, nan])].filter((i) => i >= 0);
  return sortedUnique(ranked.slice(0, budget));
}

function sortedUnique(indices: number[]): Int32Array {
  return Int32Array.from(new Set(indices)).sort();
}

function lttb(xs: Float64Array, ys: Float64Array, m: number): Int32Array {
  const n = ys.length;
  const out = new Int32Array(m);
  const edge = (b: number) => 1 + Math.floor((b * (n - 2)) / (m - 2));
  let anchor = isFinite(ys[0]!) ? 0 : -1;
  for (let b = 0; b < m - 2; b++) {
    const next = mean(xs, ys, edge(b + 1), Math.min(edge(b + 2), n));
    const pick = largestTriangle(xs, ys, edge(b), edge(b + 1), anchor, next);
    out[b + 1] = pick;
    if (isFinite(ys[pick]!)) anchor = pick;
  }
  out[m - 1] = n - 1;
  return out;
}

/** Mean of the finite points in [from, to); y is NaN when there are none. */
function mean(xs: Float64Array, ys: Float64Array, from: number, to: number): { x: number; y: number } {
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const y = ys[i]!;
    if (y - y !== 0) continue;
    sx += xs[i]!;
    sy += y;
    count++;
  }
  return count > 0 ? { x: sx / count, y: sy / count } : { x: xs[to - 1]!, y: NaN };
}

/** The bucket's first non-finite point if any, else the one making the largest triangle. */
function largestTriangle(
  xs: Float64Array, ys: Float64Array, from: number, to: number, anchor: number, next: { x: number; y: number },
): number {
  // Without a finite anchor or next mean, measure against a flat line through whichever exists.
  const ax = anchor >= 0 ? xs[anchor]! : xs[from]!;
  const ay = anchor >= 0 ? ys[anchor]! : next.y;
  const ny = next.y === next.y ? next.y : ay;
  let best = from;
  let bestArea = -1;
  for (let i = from; i < to; i++) {
    const y = ys[i]!;
    if (y - y !== 0) return i;
    const area = Math.abs((ax - next.x) * (y - ay) - (ax - xs[i]!) * (ny - ay));
    if (area > bestArea) {
      best = i;
      bestArea = area;
    }
  }
  return best;
}
