/** The runs table's columns: how each one reads, shows and sorts a run. */
import type { Run } from '@cairn/api';
import type { ReactNode } from 'react';
import { runPath } from '../router.js';
import { formatDuration, formatTime, formatValue, StatusBadge, tagsText, toNumber } from '../ui/format.js';
import { Link } from '../ui/link.js';

/** One column of the runs table. */
export interface Column {
  id: string;
  label: string;
  sortValue(run: Run): number | string | null;
  cell(run: Run): ReactNode;
}

/** The fixed columns; metric columns are added per chosen metric. */
export function baseColumns(ws: string): Column[] {
  return [
    { id: 'name', label: 'Run', sortValue: (r) => r.displayName || r.id, cell: (r) => <Link href={runPath(ws, r.id)}>{r.displayName || r.id}</Link> },
    { id: 'experiment', label: 'Experiment', sortValue: (r) => r.experiment, cell: (r) => r.experiment },
    { id: 'status', label: 'Status', sortValue: (r) => r.status, cell: (r) => <StatusBadge status={r.status} /> },
    { id: 'created', label: 'Created', sortValue: (r) => r.createdAt, cell: (r) => formatTime(r.createdAt) },
    { id: 'duration', label: 'Duration', sortValue: (r) => r.durationSeconds, cell: (r) => formatDuration(r.durationSeconds) },
    { id: 'compute', label: 'Compute', sortValue: (r) => r.computeTarget, cell: (r) => r.computeTarget },
    { id: 'tags', label: 'Tags', sortValue: (r) => tagsText(r.tags), cell: (r) => <span className="tags" title={tagsText(r.tags)}>{tagsText(r.tags)}</span> },
  ];
}

/** A column showing a metric's latest value. */
export function metricColumn(name: string, latest: Record<string, Record<string, unknown>>): Column {
  const value = (run: Run) => latest[run.id]?.[name];
  return {
    id: `metric:${name}`, label: name,
    sortValue: (r) => toNumber(value(r)) ?? (value(r) === undefined ? null : String(value(r))),
    cell: (r) => formatValue(value(r)),
  };
}

/** Sorts runs by a column; missing values go last whatever the direction. */
export function sortRuns(runs: Run[], column: Column, direction: 1 | -1): Run[] {
  const keyed = runs.map((run) => ({ run, key: column.sortValue(run) }));
  keyed.sort((a, b) => {
    if (a.key === null || a.key === undefined) return b.key === null || b.key === undefined ? 0 : 1;
    if (b.key === null || b.key === undefined) return -1;
    return (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) * direction;
  });
  return keyed.map((k) => k.run);
}

/** The CSS class of a column's cells. */
export function columnClass(column: Column): string {
  return `cell col-${column.id.startsWith('metric:') ? 'metric' : column.id}`;
}
