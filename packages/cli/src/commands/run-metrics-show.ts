/**
 * `cairn run metrics RUN_ID [NAME]`: without a name, the latest value of every metric; with one, its
 * series — drawn as a chart on a terminal, a table of points otherwise, JSON with `-o json`.
 */
import { cellFromWire, type MetricSummary, type Series } from '@cairn/api';
import type { WorkspaceClient } from '@cairn/sdk';
import type { Command } from 'commander';
import { renderChart, sparkline } from '../chart.js';
import { connect } from '../context.js';
import { formatNumber, formatTime, formatValue } from '../format.js';
import { note, outputFormat, printData } from '../output.js';
import { renderTable } from '../table.js';

/** The options of `cairn run metrics`. */
export interface MetricsOptions {
  maxPoints?: number;
  chart: boolean;
}

// Sparklines cost one request per metric: enough for a glance, not for a run with thousands of metrics.
const SPARKLINE_LIMIT = 20;
const SPARKLINE_WIDTH = 24;

/** Whether to draw: table output to a terminal, unless --no-chart. */
function drawing(cmd: Command, o: { chart: boolean }): boolean {
  return o.chart && outputFormat(cmd) === 'table' && process.stdout.isTTY === true;
}

/** The latest values as a table; `trends` adds a sparkline column. */
export function latestTable(items: MetricSummary[], trends?: Map<string, string>, now = Date.now()): string {
  const head = ['NAME', 'KIND', 'POINTS', 'LATEST', 'STEP', 'LOGGED', ...(trends ? ['TREND'] : [])];
  const rows = items.map((m) => [
    m.name, m.kind, String(m.count), formatValue(m.latest?.value), m.latest?.step === null || m.latest?.step === undefined ? '-' : String(m.latest.step),
    formatTime(m.latest?.timestamp, now), ...(trends ? [trends.get(m.name) ?? ''] : []),
  ]);
  return renderTable(head, rows);
}

/** `cairn run metrics ID`: the latest value of each metric. */
export async function latest(cmd: Command, id: string): Promise<void> {
  const { workspace } = await connect(cmd);
  const items = await workspace.metrics.list(id);
  if (items.length === 0) note(`Run ${id} has no metrics yet`);
  const trends = drawing(cmd, { chart: true }) && items.length ? await sparklines(workspace, id, items) : undefined;
  printData(cmd, items, (rows) => latestTable(rows, trends));
}

async function sparklines(workspace: WorkspaceClient, id: string, items: MetricSummary[]): Promise<Map<string, string>> {
  const scalars = items.filter((m) => m.kind === 'scalar' && m.count > 1).slice(0, SPARKLINE_LIMIT);
  const series = await Promise.all(scalars.map((m) => workspace.metrics.series(id, m.name, { maxPoints: SPARKLINE_WIDTH * 2 })));
  return new Map(series.map((s) => [s.name, sparkline(numbers(s), SPARKLINE_WIDTH)]));
}

/** `cairn run metrics ID NAME`: one metric's series, as a chart or a table. */
export async function series(cmd: Command, id: string, name: string, o: MetricsOptions): Promise<void> {
  const { workspace } = await connect(cmd);
  const chart = drawing(cmd, o);
  const width = Math.max(10, Math.min(120, (process.stdout.columns ?? 80) - 16));
  const data = await workspace.metrics.series(id, name, { maxPoints: o.maxPoints ?? (chart ? width * 2 : undefined) });
  const values = numbers(data);
  if (chart && data.kind !== 'table' && values.length > 0) process.stdout.write(chartText(data, values, width));
  else printData(cmd, data, seriesTable);
}

/** The finite numbers of a series' values, in order. */
export function numbers(series: Series): number[] {
  return (series.points.value ?? []).map(cellFromWire).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** A series as a table of points: step, time, then the value or each column of a table metric. */
export function seriesTable(series: Series): string {
  const columns = series.points.columns ? Object.keys(series.points.columns) : ['value'];
  const cell = (column: string, i: number) => formatValue(series.points.columns ? series.points.columns[column]?.[i] : series.points.value?.[i]);
  const rows = series.points.timestamp.map((time, i) => [
    String(series.points.step[i] ?? '-'), new Date(time).toISOString(), ...columns.map((c) => cell(c, i)),
  ]);
  return renderTable(['STEP', 'TIME', ...columns.map((c) => c.toUpperCase())], rows);
}

/** The chart of a series with a one-line summary above it. */
export function chartText(series: Series, values: number[], width: number): string {
  const steps = series.points.step;
  const xLabels: [string, string] = steps[0] !== null && steps[0] !== undefined
    ? [`step ${steps[0]}`, `step ${steps.at(-1) ?? ''}`]
    : [formatTime(series.points.timestamp[0]), formatTime(series.points.timestamp.at(-1))];
  const shown = series.downsampled ? `, ${values.length} shown` : '';
  const [min, max] = values.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);
  const summary = `${series.name}: ${series.count} points${shown}; last ${formatNumber(values.at(-1)!)}, min ${formatNumber(min)}, max ${formatNumber(max)}`;
  return `${[summary, ...renderChart(values, { width, height: 8, xLabels })].join('\n')}\n`;
}
