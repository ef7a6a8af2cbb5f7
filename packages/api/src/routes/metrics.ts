import { z } from 'zod';
import { Cell, Time, WorkspaceParams } from '../common.js';
import { nameSchema } from '../names.js';
import { defineRoute } from '../route.js';
import { RunParams } from './runs.js';

/** How a metric was logged: run.log → scalar, log_list → list, log_row/log_table → table, log_image → image. */
export const MetricKind = z.enum(['scalar', 'list', 'table', 'image']);
export type MetricKind = z.infer<typeof MetricKind>;

/** The most points one batch call may carry. */
export const MAX_BATCH_POINTS = 10_000;
/** The most metric names one run may have. */
export const MAX_METRIC_NAMES_PER_RUN = 10_000;
/** The most points one run may hold, over all its metrics. */
export const MAX_POINTS_PER_RUN = 10_000_000;

/** One logged point: `value` for scalar, list and image metrics, `row` for table metrics. */
export const MetricPointIn = z.object({
  name: nameSchema('metric'),
  kind: MetricKind.default('scalar'),
  step: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  timestamp: Time.optional(),
  value: Cell.optional(),
  row: z.record(z.string().min(1).max(255), Cell).optional(),
  description: z.string().max(1000).optional(),
});
export type MetricPointIn = z.infer<typeof MetricPointIn>;

export const MetricBatch = z.object({
  /** Client-chosen key; a retried batch with the same key is stored once. */
  batchKey: z.string().min(1).max(200),
  points: z.array(MetricPointIn).min(1),
});

export const MetricSummary = z.object({
  name: z.string(),
  kind: MetricKind,
  columns: z.array(z.string()).nullable(),
  count: z.number().int(),
  latest: z.object({ step: z.number().nullable(), timestamp: Time.nullable(), value: z.unknown() }).nullable(),
});
export type MetricSummary = z.infer<typeof MetricSummary>;

/** A series in columns: `value` for cell metrics, `row` (one array per column) for tables. */
export const SeriesColumns = z.object({
  step: z.array(z.number().nullable()),
  timestamp: z.array(Time),
  value: z.array(Cell).optional(),
  columns: z.record(z.string(), z.array(Cell)).optional(),
});

export const Series = z.object({
  name: z.string(),
  kind: MetricKind,
  columns: z.array(z.string()).nullable(),
  /** Points stored; `points` holds all of them unless `downsampled`. */
  count: z.number().int(),
  downsampled: z.boolean(),
  points: SeriesColumns,
});
export type Series = z.infer<typeof Series>;

const MetricParams = RunParams.extend({ name: z.string().min(1).max(255) });

export const metricRoutes = {
  logBatch: defineRoute({
    id: 'metrics.logBatch', method: 'POST', path: '/workspaces/{workspace}/runs/{runId}/metrics',
    summary: `Log up to ${MAX_BATCH_POINTS} points, all or nothing, idempotent by batchKey; acknowledged once durable`,
    action: 'runs.write', params: RunParams, body: MetricBatch,
    response: z.object({ accepted: z.number().int(), duplicate: z.boolean() }),
  }),
  list: defineRoute({
    id: 'metrics.list', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/metrics',
    summary: "List a run's metrics with their latest values", action: 'runs.read', params: RunParams,
    response: z.object({ items: z.array(MetricSummary) }),
  }),
  series: defineRoute({
    id: 'metrics.series', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/metrics/{name}',
    summary: 'Read one series, downsampled to maxPoints (min/max-preserving or LTTB) or whole up to the limit',
    action: 'runs.read', params: MetricParams,
    query: z.object({
      maxPoints: z.coerce.number().int().min(2).max(100_000).optional(),
      method: z.enum(['minmax', 'lttb']).default('minmax'),
      x: z.enum(['step', 'timestamp']).default('step'),
    }),
    response: Series,
  }),
  points: defineRoute({
    id: 'metrics.points', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/metrics/{name}/points',
    summary: 'Stream a whole series as newline-delimited JSON blocks of columns (SeriesColumns per line)',
    action: 'runs.read', params: MetricParams, responseKind: 'ndjson', response: SeriesColumns,
  }),
  latest: defineRoute({
    id: 'metrics.latest', method: 'POST', path: '/workspaces/{workspace}/metrics/latest',
    summary: 'Latest value of every metric (or the named ones) of many runs, for run tables',
    action: 'runs.read', params: WorkspaceParams,
    body: z.object({ runIds: z.array(z.string()).min(1).max(1000), names: z.array(z.string()).max(1000).optional() }),
    response: z.object({ runs: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  }),
};
