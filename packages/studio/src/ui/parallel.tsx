/** Parallel coordinates in SVG: one vertical axis per numeric dimension, one polyline per run. */

/** A run's values per dimension (null when missing). */
export interface Profile {
  label: string;
  color: string;
  values: Record<string, number | null>;
}

const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** An SVG with an axis per dimension that has at least one number. */
export function ParallelCoordinates({ dimensions, profiles }: { dimensions: string[]; profiles: Profile[] }) {
  const dims = dimensions.filter((d) => profiles.some((p) => finite(p.values[d])));
  const width = Math.max(300, dims.length * 140);
  const height = 260;
  const top = 30;
  const bottom = height - 20;
  const x = (i: number) => 40 + (i * (width - 80)) / Math.max(1, dims.length - 1);
  const ranges = dims.map((d) => {
    const vs = profiles.map((p) => p.values[d]).filter(finite);
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    return [lo, hi === lo ? lo + 1 : hi] as const;
  });
  const y = (i: number, v: number) => bottom - ((v - ranges[i]![0]) / (ranges[i]![1] - ranges[i]![0])) * (bottom - top);
  return (
    <svg className="parallel" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`Parallel coordinates over ${dims.join(', ')}`}>
      {dims.map((d, i) => (
        <g key={d}>
          <line x1={x(i)} x2={x(i)} y1={top} y2={bottom} stroke="#8c959f" />
          <text x={x(i)} y={16} textAnchor="middle" fontSize={11}>{d}</text>
          <text x={x(i) + 4} y={bottom} fontSize={10}>{String(Number(ranges[i]![0].toPrecision(3)))}</text>
          <text x={x(i) + 4} y={top + 8} fontSize={10}>{String(Number(ranges[i]![1].toPrecision(3)))}</text>
        </g>
      ))}
      {profiles.map((p, n) => (
        <polyline key={n} fill="none" stroke={p.color} strokeWidth={2}
          points={dims.map((d, i) => [i, p.values[d]] as const).filter(([, v]) => finite(v)).map(([i, v]) => `${x(i)},${y(i, v!)}`).join(' ')}>
          <title>{p.label}</title>
        </polyline>
      ))}
    </svg>
  );
}
