/**
 * A metric chart drawn by uPlot: log scale, smoothing, drag-to-zoom and zoom buttons (all usable by
 * keyboard), and a legend with each line's point count (of how many stored, when downsampled); `onZoom` lets the owner fetch a finer series
 * for the visible window.
 */
import { useEffect, useId, useRef, useState } from 'react';
import uPlot from 'uplot';
// Bundled with the chart's chunk: a stylesheet from 'self', as the CSP allows.
import 'uplot/dist/uPlot.min.css';
import { alignedData, smooth, xExtent, type Line } from './chart-data.js';

export const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7ea4', '#6e7781'];

/** What a chart draws. */
export interface MetricChartProps {
  title: string;
  lines: Line[];
  xIsTime?: boolean;
  /** Called with the visible x window after a zoom, null when back to the whole series. */
  onZoom?: (range: [number, number] | null) => void;
}

/** One chart in a figure with its controls. */
export function MetricChart({ title, lines, xIsTime = false, onZoom }: MetricChartProps) {
  const id = useId();
  const [logY, setLogY] = useState(false);
  const [weight, setWeight] = useState(0);
  const [range, setRange] = useState<[number, number] | null>(null);
  const zoom = (next: [number, number] | null) => { setRange(next); onZoom?.(next); };
  const scale = (factor: number) => {
    const [a, b] = range ?? xExtent(lines);
    const mid = (a + b) / 2;
    zoom([mid - ((b - a) * factor) / 2, mid + ((b - a) * factor) / 2]);
  };
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-controls">
        <label htmlFor={`${id}-log`} className="check"><input type="checkbox" id={`${id}-log`} checked={logY} onChange={(e) => setLogY(e.target.checked)} />Log scale</label>
        <label htmlFor={`${id}-smooth`}>Smoothing</label>
        <input type="range" id={`${id}-smooth`} min={0} max={0.95} step={0.05} value={weight} onChange={(e) => setWeight(Number(e.target.value))} />
        <button type="button" onClick={() => scale(0.5)}>Zoom in</button>
        <button type="button" onClick={() => scale(2)}>Zoom out</button>
        <button type="button" onClick={() => zoom(null)} disabled={range === null}>Reset zoom</button>
      </div>
      <Plot title={title} lines={lines} logY={logY} weight={weight} range={range} xIsTime={xIsTime} onSelect={zoom} />
      <ul className="legend">
        {lines.map((l, i) => <li key={i}><span className="swatch" style={{ color: l.color }}>■</span> {l.label} ({l.x.length}{l.total ? ` of ${l.total}` : ''} points)</li>)}
      </ul>
    </figure>
  );
}

interface PlotProps { title: string; lines: Line[]; logY: boolean; weight: number; range: [number, number] | null; xIsTime: boolean; onSelect(range: [number, number]): void }

// The uPlot instance: rebuilt when what it draws changes (a log axis is a different scale), resized with its box.
function Plot({ title, lines, logY, weight, range, xIsTime, onSelect }: PlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  useEffect(() => {
    const el = box.current!;
    const smoothed = lines.map((l) => ({ ...l, y: smooth(l.y, weight) }));
    const plot = new uPlot(options(smoothed, { logY, range, xIsTime, width: el.clientWidth || 400, onSelect: (r) => select.current(r) }), alignedData(smoothed, logY), el);
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 400, height: 220 }));
    resize.observe(el);
    return () => { resize.disconnect(); plot.destroy(); };
  }, [lines, logY, weight, range, xIsTime]);
  return <div ref={box} className="chart-plot" role="img" aria-label={`${title} chart`} />;
}

function options(lines: Line[], o: { logY: boolean; range: [number, number] | null; xIsTime: boolean; width: number; onSelect(r: [number, number]): void }): uPlot.Options {
  return {
    width: o.width, height: 220, ms: 1, legend: { show: false },
    // Drag selects a window; the chart's own state applies it, so buttons and drags zoom the same way.
    cursor: { drag: { x: true, y: false, setScale: false }, bind: { dblclick: () => () => null } },
    scales: { x: { time: o.xIsTime, ...(o.range ? { auto: false, range: o.range } : {}) }, y: o.logY ? { distr: 3 } : {} },
    series: [{}, ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 1.5, spanGaps: true, points: { show: l.x.length <= 50 } }))],
    axes: [{}, { size: 60 }],
    hooks: {
      setSelect: [(u) => {
        if (u.select.width < 5) return;
        const a = u.posToVal(u.select.left, 'x');
        const b = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        o.onSelect([Math.min(a, b), Math.max(a, b)]);
      }],
    },
  };
}
