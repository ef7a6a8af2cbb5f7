/**
 * Float64 columns lent to one series read at a time and reused by the next, so reading a long series
 * does not allocate (and page-fault in) megabytes of fresh arrays on every chart refresh. Returned
 * arrays are held weakly: an idle server gives the memory back at its next full GC.
 */

/** Most arrays kept for reuse: three columns and an x column for each of two reads at once. */
const KEPT = 8;
const free: WeakRef<Float64Array>[] = [];

/** A column of `n` entries (contents undefined), from the pool when one is large enough. */
export function borrowColumn(n: number): Float64Array {
  for (let i = free.length - 1; i >= 0; i--) {
    const array = free[i]!.deref();
    if (array !== undefined && array.length < n) continue;
    free.splice(i, 1);
    if (array !== undefined) return array.subarray(0, n);
  }
  return new Float64Array(n);
}

/** Hands columns back once nothing reads them any more; each must have come from `borrowColumn`. */
export function returnColumns(...columns: Float64Array[]): void {
  for (const column of columns) {
    if (free.length < KEPT) free.push(new WeakRef(new Float64Array(column.buffer)));
  }
}
