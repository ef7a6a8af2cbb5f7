/** Line series for charts: their shape, their x extent, smoothing, and the aligned table uPlot draws. */
import type { AlignedData } from 'uplot';

/** One line: x and y values of equal length; null or non-finite y values leave a gap. */
export interface Line {
  label: string;
  x: number[];
  y: Array<number | null>;
  color: string;
  /** Points stored when `x` holds a downsample of them. */
  total?: number;
}

/** The x extent of the lines. */
export function xExtent(lines: Line[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) for (const x of l.x) { if (x < lo) lo = x; if (x > hi) hi = x; }
  return lo <= hi ? [lo, hi === lo ? lo + 1 : hi] : [0, 1];
}

/** Exponential moving average smoothing (0 = none), skipping gaps. */
export function smooth(y: Array<number | null>, weight: number): Array<number | null> {
  if (weight <= 0) return y;
  let last: number | null = null;
  return y.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last === null ? v : last * weight + v * (1 - weight);
    return last;
  });
}

/**
 * The lines as one table on a shared, sorted x (uPlot's data shape): each line's y where it has a
 * point and null elsewhere; values a log axis cannot show (≤ 0) and non-finite ones become null.
 */
export function alignedData(lines: Line[], logY: boolean): AlignedData {
  const xs = [...new Set(lines.flatMap((l) => l.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = lines.map((l) => {
    const column: Array<number | null> = new Array<number | null>(xs.length).fill(null);
    l.x.forEach((x, i) => {
      const y = l.y[i];
      if (y !== null && y !== undefined && Number.isFinite(y) && !(logY && y <= 0)) column[index.get(x)!] = y;
    });
    return column;
  });
  return [xs, ...columns] as AlignedData;
}
