/** Views of one metric by kind: scalar/list series as charts, tables as tables, images inline. */
import { isTerminal, type MetricSummary, type Run, type Series } from '@cairn/api';
import type { StudioWorkspace } from '../api/client.js';
import { chart, PALETTE } from '../ui/chart.js';
import { h, replace } from '../ui/dom.js';
import { poll } from '../ui/poll.js';
import { errorBox } from '../ui/errors.js';
import { formatValue, toNumber } from '../ui/format.js';

const BASE_POINTS = 1000;

/** Whether a metric is one the runner samples (`system.cpu_percent`; `system/` as the issue first named it). */
export function isSystemMetric(name: string): boolean {
  return name.startsWith('system.') || name.startsWith('system/');
}
const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

/** The points of a series as chart x and y. */
export function lineOf(series: Series, label: string, color: string, x: 'step' | 'timestamp'): { label: string; x: number[]; y: Array<number | null>; color: string } {
  const xs = x === 'step' ? series.points.step.map((s, i) => s ?? i) : series.points.timestamp;
  return { label, color, x: xs, y: (series.points.value ?? []).map((v) => toNumber(v)) };
}

/** A chart of one scalar series; zooming into a downsampled series fetches more points; `refresh` re-reads it. */
export function seriesChart(ws: StudioWorkspace, run: Run, metric: MetricSummary, x: 'step' | 'timestamp'): { el: HTMLElement; refresh(): Promise<void> } {
  let requested = BASE_POINTS;
  const c = chart(metric.name, {
    xIsTime: x === 'timestamp',
    onZoom: (range) => {
      // The API downsamples the whole series; a narrower window needs proportionally more points.
      const want = range ? Math.min(100_000, BASE_POINTS * 8) : BASE_POINTS;
      if (want !== requested && metric.count > requested) { requested = want; void load(); }
    },
  });
  const load = async () => {
    try {
      const series = await ws.series(run.id, metric.name, requested, x);
      c.setLines([lineOf(series, series.downsampled ? `${metric.name} (${requested} of ${series.count})` : metric.name, PALETTE[0]!, x)]);
    } catch (error) {
      c.el.append(errorBox(error));
    }
  };
  void load();
  return { el: c.el, refresh: load };
}

/** A table metric (log_table / log_row) as an HTML table of its rows. */
export function tableView(ws: StudioWorkspace, run: Run, metric: MetricSummary): HTMLElement {
  const el = h('figure', { class: 'metric-table' }, h('figcaption', {}, metric.name));
  void ws.series(run.id, metric.name, 1000).then((series) => {
    const cols = Object.keys(series.points.columns ?? {});
    const n = series.points.timestamp.length;
    el.append(h('table', { class: 'list' }, h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...Array.from({ length: n }, (_, i) => h('tr', {}, ...cols.map((c) => h('td', {}, formatValue(series.points.columns![c]![i]))))))));
  }, (error) => el.append(errorBox(error)));
  return el;
}

/** An image metric: each logged value is a run file path, fetched with the session and shown inline. */
export function imageView(ws: StudioWorkspace, run: Run, metric: MetricSummary, urls: string[]): HTMLElement {
  const el = h('figure', { class: 'metric-images' }, h('figcaption', {}, metric.name));
  const body = h('div', { class: 'images' });
  el.append(body);
  void ws.series(run.id, metric.name, 50).then(async (series) => {
    for (const value of series.points.value ?? []) body.append(await imageOf(ws, run, String(value), urls));
  }, (error) => el.append(errorBox(error)));
  return el;
}

async function imageOf(ws: StudioWorkspace, run: Run, path: string, urls: string[]): Promise<HTMLElement> {
  const type = IMAGE_TYPES[path.split('.').pop()?.toLowerCase() ?? ''];
  // Only raster types render inline; anything else (SVG included) is offered as a download.
  if (!type) return h('a', { href: ws.fileHref(run.id, path), download: '' }, `Download ${path}`);
  try {
    const blob = await ws.fileBlob(run.id, path);
    const url = URL.createObjectURL(new Blob([blob], { type }));
    urls.push(url);
    return h('img', { src: url, alt: path, class: 'metric-image' });
  } catch (error) {
    return errorBox(error);
  }
}

/** Renders every metric that `include` accepts, charts first. */
export async function metricsPanel(ws: StudioWorkspace, run: Run, include: (m: MetricSummary) => boolean, empty: string): Promise<{ el: HTMLElement; dispose(): void }> {
  const urls: string[] = [];
  const xChoice = h('select', { id: 'metric-x' }, h('option', { value: 'step' }, 'Step'), h('option', { value: 'timestamp' }, 'Time'));
  const body = h('div', { class: 'charts' });
  let metrics = (await ws.metrics(run.id)).filter(include);
  let refreshers: Array<() => Promise<void>> = [];
  const draw = () => {
    refreshers = [];
    replace(body, ...metrics.map((m) => {
      if (m.kind === 'table') return tableView(ws, run, m);
      if (m.kind === 'image') return imageView(ws, run, m, urls);
      const chart = seriesChart(ws, run, m, xChoice.value as 'step' | 'timestamp');
      refreshers.push(chart.refresh);
      return chart.el;
    }));
  };
  xChoice.addEventListener('change', draw);
  draw();
  const message = h('p', { class: 'empty' }, empty);
  const el = h('div', {}, h('div', { class: 'toolbar' }, h('label', { for: 'metric-x' }, 'X axis'), xChoice), metrics.length === 0 ? message : null, body);
  // While the run is live, series are re-read and new metrics added; an ended run never changes.
  const stop = isTerminal(run.status) ? () => {} : poll(async () => {
    const now = (await ws.metrics(run.id)).filter(include);
    if (now.map((m) => m.name).join('\n') !== metrics.map((m) => m.name).join('\n')) { metrics = now; message.remove(); draw(); }
    else await Promise.all(refreshers.map((r) => r()));
  }, 5000);
  return { el, dispose: () => { stop(); urls.forEach((u) => URL.revokeObjectURL(u)); } };
}
