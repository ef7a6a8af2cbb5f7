/** Drawing line series on a canvas: axes, ticks, linear or log y, an x window. */

/** One line: x and y values of equal length; null or non-finite y values leave a gap. */
export interface Line {
  label: string;
  x: number[];
  y: Array<number | null>;
  color: string;
}

/** What to draw. */
export interface View {
  lines: Line[];
  logY: boolean;
  xRange: [number, number] | null;
  xIsTime: boolean;
}

const PAD = { left: 64, right: 12, top: 10, bottom: 28 };

/** The x extent of the lines. */
export function xExtent(lines: Line[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) for (const x of l.x) { if (x < lo) lo = x; if (x > hi) hi = x; }
  return lo <= hi ? [lo, hi === lo ? lo + 1 : hi] : [0, 1];
}

function yExtent(view: View, [x0, x1]: [number, number]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of view.lines) {
    l.x.forEach((x, i) => {
      const y = l.y[i];
      if (x < x0 || x > x1 || y === null || y === undefined || !Number.isFinite(y) || (view.logY && y <= 0)) return;
      const v = view.logY ? Math.log10(y) : y;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    });
  }
  if (lo > hi) return [0, 1];
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.05;
  return [lo - pad, hi + pad];
}

function tickLabel(v: number, time: boolean): string {
  if (time) return new Date(v).toLocaleTimeString();
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}

/** Draws the view; answers the mapping from canvas x to data x (for zoom by dragging). */
export function draw(canvas: HTMLCanvasElement, view: View): (px: number) => number {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 600;
  const height = canvas.clientHeight || 240;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext('2d')!;
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  const [x0, x1] = view.xRange ?? xExtent(view.lines);
  const [y0, y1] = yExtent(view, [x0, x1]);
  const w = width - PAD.left - PAD.right;
  const hgt = height - PAD.top - PAD.bottom;
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * w;
  const py = (y: number) => PAD.top + (1 - ((view.logY ? Math.log10(y) : y) - y0) / (y1 - y0)) * hgt;
  drawAxes(g, { x0, x1, y0, y1, w, hgt, px, time: view.xIsTime, logY: view.logY });
  g.save();
  g.beginPath();
  g.rect(PAD.left, PAD.top, w, hgt);
  g.clip();
  for (const line of view.lines) drawLine(g, line, px, py, view.logY);
  g.restore();
  return (canvasX) => x0 + ((canvasX - PAD.left) / w) * (x1 - x0);
}

function drawAxes(g: CanvasRenderingContext2D, a: { x0: number; x1: number; y0: number; y1: number; w: number; hgt: number; px: (x: number) => number; time: boolean; logY: boolean }): void {
  g.strokeStyle = '#c8ccd4';
  g.fillStyle = '#4a5160';
  g.font = '11px system-ui, sans-serif';
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const yv = a.y0 + ((a.y1 - a.y0) * i) / 4;
    const y = PAD.top + (1 - i / 4) * a.hgt;
    g.beginPath(); g.moveTo(PAD.left, y); g.lineTo(PAD.left + a.w, y); g.stroke();
    g.fillText(tickLabel(a.logY ? 10 ** yv : yv, false), 4, y + 4);
    const xv = a.x0 + ((a.x1 - a.x0) * i) / 4;
    g.fillText(tickLabel(xv, a.time), Math.min(a.px(xv) - 10, PAD.left + a.w - 50), PAD.top + a.hgt + 18);
  }
}

function drawLine(g: CanvasRenderingContext2D, line: Line, px: (x: number) => number, py: (y: number) => number, logY: boolean): void {
  g.strokeStyle = line.color;
  g.lineWidth = 1.5;
  g.beginPath();
  let pen = false;
  line.x.forEach((x, i) => {
    const y = line.y[i];
    if (y === null || y === undefined || !Number.isFinite(y) || (logY && y <= 0)) { pen = false; return; }
    if (pen) g.lineTo(px(x), py(y)); else g.moveTo(px(x), py(y));
    pen = true;
  });
  g.stroke();
  // Sparse series (a single final value, a few epochs) would be invisible as lines alone.
  if (line.x.length > 50) return;
  g.fillStyle = line.color;
  line.x.forEach((x, i) => {
    const y = line.y[i];
    if (y !== null && y !== undefined && Number.isFinite(y) && !(logY && y <= 0)) g.fillRect(px(x) - 2, py(y) - 2, 4, 4);
  });
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
