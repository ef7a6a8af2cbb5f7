/** Views of one metric by kind: scalar/list series as uPlot charts, tables as tables, images inline. */
import { isTerminal, type MetricSummary, type Run, type Series } from '@cairn/api';
import { useEffect, useState } from 'react';
import type { StudioWorkspace } from '../api/client.js';
import type { Line } from '../ui/chart-data.js';
import { ErrorBox } from '../ui/errors.js';
import { formatValue, toNumber } from '../ui/format.js';
import { MetricChart, PALETTE } from '../ui/metric-chart.js';
import { useResource } from '../ui/use-resource.js';
import { finerPoints, BASE_POINTS } from './series-refinement.js';

/** Whether a metric is one the runner samples (`system.cpu_percent`; `system/` as the issue first named it). */
export function isSystemMetric(name: string): boolean {
  return name.startsWith('system.') || name.startsWith('system/');
}
const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

/** The points of a series as a chart line. */
export function lineOf(series: Series, label: string, color: string, x: 'step' | 'timestamp'): Line {
  const xs = x === 'step' ? series.points.step.map((s, i) => s ?? i) : series.points.timestamp;
  return { label, color, x: xs, y: (series.points.value ?? []).map((v) => toNumber(v)) };
}

/**
 * A chart of one scalar series, read downsampled; zooming in reads it again with more points (the
 * API downsamples the whole series, so a window of a tenth needs ten times the points); re-read
 * every few seconds while the run is live.
 */
export function SeriesChart({ ws, run, metric, x }: { ws: StudioWorkspace; run: Run; metric: MetricSummary; x: 'step' | 'timestamp' }) {
  const [requested, setRequested] = useState(BASE_POINTS);
  const { data, error } = useResource(() => ws.series(run.id, metric.name, requested, x), [ws, run.id, metric.name, requested, x],
    { every: 5000, live: () => !isTerminal(run.status), keep: true });
  const onZoom = (range: [number, number] | null) => {
    if (!data) return;
    const want = finerPoints(lineOf(data, '', '', x).x, range, data.count);
    if (want !== requested) setRequested(want);
  };
  const lines = data ? [{ ...lineOf(data, metric.name, PALETTE[0]!, x), ...(data.downsampled ? { total: data.count } : {}) }] : [];
  return (
    <div className="chart-cell">
      <MetricChart title={metric.name} xIsTime={x === 'timestamp'} lines={lines} onZoom={onZoom} />
      <ErrorBox error={error} />
    </div>
  );
}

/** A table metric (log_table / log_row) as an HTML table of its rows. */
export function TableView({ ws, run, metric }: { ws: StudioWorkspace; run: Run; metric: MetricSummary }) {
  const { data, error } = useResource(() => ws.series(run.id, metric.name, 1000), [ws, run.id, metric.name], { every: 5000, live: () => !isTerminal(run.status) });
  const cols = Object.keys(data?.points.columns ?? {});
  return (
    <figure className="metric-table">
      <figcaption>{metric.name}</figcaption>
      <ErrorBox error={error} />
      {data ? (
        <table className="list">
          <thead><tr>{cols.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
          <tbody>{data.points.timestamp.map((_, i) => <tr key={i}>{cols.map((c) => <td key={c}>{formatValue(data.points.columns![c]![i])}</td>)}</tr>)}</tbody>
        </table>
      ) : null}
    </figure>
  );
}

/** An image metric: each logged value is a run file path, fetched with the session and shown inline. */
export function ImageView({ ws, run, metric }: { ws: StudioWorkspace; run: Run; metric: MetricSummary }) {
  const { data, error } = useResource(async () => (await ws.series(run.id, metric.name, 50)).points.value?.map(String) ?? [], [ws, run.id, metric.name]);
  return (
    <figure className="metric-images">
      <figcaption>{metric.name}</figcaption>
      <ErrorBox error={error} />
      <div className="images">{data?.map((path, i) => <RunImage key={i} ws={ws} runId={run.id} path={path} />)}</div>
    </figure>
  );
}

/** A run file shown as an image when it is a raster type (fetched with the session), else a download link. */
export function RunImage({ ws, runId, path, className = 'metric-image' }: { ws: StudioWorkspace; runId: string; path: string; className?: string }) {
  const type = IMAGE_TYPES[path.split('.').pop()?.toLowerCase() ?? ''];
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!type) return;
    let made: string | undefined;
    let gone = false;
    ws.fileBlob(runId, path).then((blob) => { if (!gone) setUrl((made = URL.createObjectURL(new Blob([blob], { type })))); }, setError);
    return () => { gone = true; if (made) URL.revokeObjectURL(made); };
  }, [ws, runId, path, type]);
  // Only raster types render inline; anything else (SVG included) is offered as a download.
  if (!type) return <a href={ws.fileHref(runId, path)} download="">{`Download ${path}`}</a>;
  if (error) return <ErrorBox error={error} />;
  return url ? <img src={url} alt={path} className={className} /> : null;
}

/** Every metric that `include` accepts, charts first; the list is re-read while the run is live. */
export function MetricsPanel({ ws, run, include, empty }: { ws: StudioWorkspace; run: Run; include(m: MetricSummary): boolean; empty: string }) {
  const [x, setX] = useState<'step' | 'timestamp'>('step');
  const { data, error } = useResource(async () => (await ws.metrics(run.id)).filter(include), [ws, run.id], { every: 5000, live: () => !isTerminal(run.status) });
  return (
    <div>
      <div className="toolbar">
        <label htmlFor="metric-x">X axis</label>
        <select id="metric-x" value={x} onChange={(e) => setX(e.target.value as 'step' | 'timestamp')}><option value="step">Step</option><option value="timestamp">Time</option></select>
      </div>
      <ErrorBox error={error} />
      {data?.length === 0 ? <p className="empty">{empty}</p> : null}
      <div className="charts">{data?.map((m) => {
        if (m.kind === 'table') return <TableView key={m.name} ws={ws} run={run} metric={m} />;
        if (m.kind === 'image') return <ImageView key={m.name} ws={ws} run={run} metric={m} />;
        return <SeriesChart key={`${m.name}/${x}`} ws={ws} run={run} metric={m} x={x} />;
      })}</div>
    </div>
  );
}
