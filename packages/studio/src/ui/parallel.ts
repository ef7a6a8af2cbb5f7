/** Parallel coordinates in SVG: one vertical axis per numeric dimension, one polyline per run. */
import { svg } from './dom.js';

/** A run's values per dimension (null when missing). */
export interface Profile {
  label: string;
  color: string;
  values: Record<string, number | null>;
}

/** An SVG with an axis per dimension that has at least one number. */
export function parallelCoordinates(dimensions: string[], profiles: Profile[]): SVGElement {
  const dims = dimensions.filter((d) => profiles.some((p) => Number.isFinite(p.values[d] ?? NaN)));
  const width = Math.max(300, dims.length * 140);
  const height = 260;
  const top = 30;
  const bottom = height - 20;
  const x = (i: number) => 40 + (i * (width - 80)) / Math.max(1, dims.length - 1);
  const ranges = dims.map((d) => {
    const vs = profiles.map((p) => p.values[d]).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    return [lo, hi === lo ? lo + 1 : hi] as const;
  });
  const y = (i: number, v: number) => bottom - ((v - ranges[i]![0]) / (ranges[i]![1] - ranges[i]![0])) * (bottom - top);
  const root = svg('svg', { class: 'parallel', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `Parallel coordinates over ${dims.join(', ')}` });
  dims.forEach((d, i) => {
    root.append(svg('line', { x1: x(i), x2: x(i), y1: top, y2: bottom, stroke: '#8c959f' }),
      svg('text', { x: x(i), y: 16, 'text-anchor': 'middle', 'font-size': 11 }, d),
      svg('text', { x: x(i) + 4, y: bottom, 'font-size': 10 }, String(Number(ranges[i]![0].toPrecision(3)))),
      svg('text', { x: x(i) + 4, y: top + 8, 'font-size': 10 }, String(Number(ranges[i]![1].toPrecision(3)))));
  });
  for (const p of profiles) {
    const points = dims.map((d, i) => [i, p.values[d]] as const).filter(([, v]) => v !== null && v !== undefined && Number.isFinite(v))
      .map(([i, v]) => `${x(i)},${y(i, v!)}`).join(' ');
    root.append(svg('polyline', { points, fill: 'none', stroke: p.color, 'stroke-width': 2 }, svg('title', {}, p.label)));
  }
  return root;
}
