/**
 * A metric chart: one canvas, its controls (log scale, smoothing, zoom in/out/reset, all usable by
 * keyboard) and drag-to-zoom; `onZoom` lets the owner fetch a finer series for the new window.
 */
import { draw, smooth, xExtent, type Line } from './chart-draw.js';
import { h, replace } from './dom.js';

/** A mounted chart. */
export interface Chart {
  el: HTMLElement;
  setLines(lines: Line[]): void;
}

export const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7ea4', '#6e7781'];

/** A chart titled `title`; `xIsTime` formats x ticks as times. */
export function chart(title: string, options: { xIsTime?: boolean; onZoom?: (range: [number, number] | null) => void } = {}): Chart {
  const id = `chart-${Math.random().toString(36).slice(2)}`;
  const canvas = h('canvas', { class: 'chart-canvas', role: 'img', 'aria-label': `${title} chart` });
  const legend = h('ul', { class: 'legend' });
  const log = h('input', { type: 'checkbox', id: `${id}-log` });
  const smoothing = h('input', { type: 'range', id: `${id}-smooth`, min: 0, max: 0.95, step: 0.05, value: 0 });
  let lines: Line[] = [];
  let range: [number, number] | null = null;
  let toData: (px: number) => number = (x) => x;
  const redraw = () => {
    const w = Number(smoothing.value);
    toData = draw(canvas, { lines: lines.map((l) => ({ ...l, y: smooth(l.y, w) })), logY: log.checked, xRange: range, xIsTime: Boolean(options.xIsTime) });
  };
  const zoom = (next: [number, number] | null) => { range = next; redraw(); options.onZoom?.(next); };
  const scale = (factor: number) => {
    const [a, b] = range ?? xExtent(lines);
    const mid = (a + b) / 2;
    zoom([mid - ((b - a) * factor) / 2, mid + ((b - a) * factor) / 2]);
  };
  dragToZoom(canvas, (a, b) => zoom([Math.min(toData(a), toData(b)), Math.max(toData(a), toData(b))]));
  log.addEventListener('change', redraw);
  smoothing.addEventListener('input', redraw);
  new ResizeObserver(() => redraw()).observe(canvas);
  const controls = h('div', { class: 'chart-controls' },
    h('label', { for: `${id}-log`, class: 'check' }, log, 'Log scale'),
    h('label', { for: `${id}-smooth` }, 'Smoothing'), smoothing,
    h('button', { type: 'button', onclick: () => scale(0.5) }, 'Zoom in'),
    h('button', { type: 'button', onclick: () => scale(2) }, 'Zoom out'),
    h('button', { type: 'button', onclick: () => zoom(null) }, 'Reset zoom'));
  const el = h('figure', { class: 'chart' }, h('figcaption', {}, title), controls, canvas, legend);
  return {
    el,
    setLines: (next) => {
      lines = next;
      replace(legend, ...next.map((l) => h('li', {}, h('span', { class: 'swatch', 'data-color': l.color }, '■'), ` ${l.label} (${l.x.length} points)`)));
      legend.querySelectorAll<HTMLElement>('.swatch').forEach((s) => { s.style.color = s.dataset['color'] ?? ''; });
      redraw();
    },
  };
}

function dragToZoom(canvas: HTMLCanvasElement, done: (fromPx: number, toPx: number) => void): void {
  let start: number | null = null;
  canvas.addEventListener('pointerdown', (e) => { start = e.offsetX; });
  canvas.addEventListener('pointerup', (e) => {
    if (start !== null && Math.abs(e.offsetX - start) > 5) done(start, e.offsetX);
    start = null;
  });
}
