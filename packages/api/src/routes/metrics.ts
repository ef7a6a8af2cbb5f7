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

function isStep(x: unknown): x is number | null {
  return x === null || (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0);
}

function isTime(x: unknown): x is number {
  return Number.isFinite(x);
}

function isCell(x: unknown): x is Cell {
  return typeof x === 'number' || x === null || typeof x === 'boolean' || (typeof x === 'string' && x.length <= 4096);
}

/**
 * An array checked by one plain loop: zod checking a 1,000-entry array element by element costs more
 * than parsing it, and batches carry millions of entries a second. `items` documents the entries.
 */
function column<T>(what: string, isEntry: (x: unknown) => x is T, rule: string, items: Record<string, unknown>) {
  return z.custom<T[]>((v) => Array.isArray(v), { message: `${what} must be an array` }).superRefine((array, ctx) => {
    for (let i = 0; i < array.length; i++) {
      if (!isEntry(array[i])) {
        ctx.addIssue({ code: 'custom', path: [i], message: `${what}[${i}] is ${JSON.stringify(array[i]) ?? 'undefined'}; each entry must be ${rule}` });
        return;
      }
    }
  }).meta({ type: 'array', items });
}

/**
 * One metric's points in columns (the columnar batch shape): entry i of each array is point i.
 * `steps` and `timestamps` may be left out (no steps; stamped on arrival); a null step is a point
 * without one. Table metrics are logged as `points` (rows).
 */
export const JsonSeriesIn = z.object({
  name: nameSchema('metric'),
  kind: z.enum(['scalar', 'list', 'image']).default('scalar'),
  /** Arrays of JSON values (the default). */
  encoding: z.literal('json').optional(),
  steps: column('steps', isStep, 'a whole number from 0 to 2^53 - 1, or null', { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] }).optional(),
  timestamps: column('timestamps', isTime, 'epoch milliseconds', { type: 'number' }).optional(),
  values: column('values', isCell, 'a number, "NaN", "Infinity", "-Infinity", a string of at most 4096 characters, a boolean or null', {}),
  description: z.string().max(1000).optional(),
}).superRefine((series, ctx) => sameLengths(ctx, { steps: series.steps?.length, timestamps: series.timestamps?.length, values: series.values.length }));
export type JsonSeriesIn = z.infer<typeof JsonSeriesIn>;

/** The encoding of a columnar series whose columns travel as base64 of little-endian float64s. */
export const F64_BASE64 = 'f64le-base64';

/**
 * Bytes held by standard base64 text (RFC 4648, padded with "=", as Python's `base64.b64encode` and
 * Node's `Buffer.toString('base64')` write it), from its length alone; -1 when no such text has that length.
 */
export function base64ByteLength(text: string): number {
  if (text.length % 4 !== 0) return -1;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** A column as base64 of little-endian float64s; the server checks the text is canonical base64 when it decodes it. */
function float64Column(what: string, entries: string) {
  return z.string().superRefine((text, ctx) => {
    const bytes = base64ByteLength(text);
    if (bytes < 0) ctx.addIssue({ code: 'custom', message: `${what} is ${text.length} characters, which is not standard base64 (groups of 4 characters, padded with "=")` });
    else if (bytes % 8 !== 0) ctx.addIssue({ code: 'custom', message: `${what} holds ${bytes} bytes, not a whole number of 8-byte float64s` });
  }).meta({ type: 'string', contentEncoding: 'base64', description: `base64 of little-endian float64s: ${entries}` });
}

/**
 * One metric's points in columns, each column base64 of little-endian float64s (8 bytes a point):
 * parsing one long string is close to a copy, where JSON numbers cost more to parse than everything
 * else on the write path, and NaN, ±Infinity and -0 travel as themselves. Numbers only (scalar and
 * list metrics); a step of NaN is a point without one.
 */
export const Float64SeriesIn = z.object({
  name: nameSchema('metric'),
  kind: z.enum(['scalar', 'list']).default('scalar'),
  encoding: z.literal(F64_BASE64),
  steps: float64Column('steps', 'whole numbers from 0 to 2^53 - 1, or NaN for a point without a step').optional(),
  timestamps: float64Column('timestamps', 'epoch milliseconds').optional(),
  values: float64Column('values', 'any float64, NaN and ±Infinity included'),
  description: z.string().max(1000).optional(),
}).superRefine((series, ctx) => {
  const points = (text: string | undefined) => (text === undefined ? undefined : base64ByteLength(text) / 8);
  const lengths = { steps: points(series.steps), timestamps: points(series.timestamps), values: points(series.values)! };
  // A column of the wrong length has its own issue already.
  if (Object.values(lengths).every((n) => n === undefined || Number.isInteger(n))) sameLengths(ctx, lengths);
});
export type Float64SeriesIn = z.infer<typeof Float64SeriesIn>;

/** One metric's points in columns: JSON arrays, or base64 float64 columns (`encoding: "f64le-base64"`). */
export const MetricSeriesIn = z.discriminatedUnion('encoding', [JsonSeriesIn, Float64SeriesIn]);
export type MetricSeriesIn = z.infer<typeof MetricSeriesIn>;

/** How many points a columnar series carries (its schema has checked the columns agree). */
export function seriesLength(series: MetricSeriesIn): number {
  return series.encoding === F64_BASE64 ? base64ByteLength(series.values) / 8 : series.values.length;
}

function sameLengths(ctx: z.RefinementCtx<unknown>, lengths: { steps: number | undefined; timestamps: number | undefined; values: number }): void {
  for (const key of ['steps', 'timestamps'] as const) {
    const length = lengths[key];
    if (length !== undefined && length !== lengths.values) {
      ctx.addIssue({ code: 'custom', path: [key], message: `has ${length} entries but values has ${lengths.values}: entry i of each array is point i` });
    }
  }
  if (lengths.values === 0) ctx.addIssue({ code: 'custom', path: ['values'], message: 'must hold at least one value' });
}

/** A batch: points one object each (`points`), in columns per metric (`series`), or both. */
export const MetricBatch = z.object({
  /** Client-chosen key; a retried batch with the same key is stored once. */
  batchKey: z.string().min(1).max(200),
  points: z.array(MetricPointIn).optional(),
  series: z.array(MetricSeriesIn).optional(),
}).refine((batch) => (batch.points?.length ?? 0) + (batch.series?.length ?? 0) > 0, { message: 'a batch needs at least one point: send points, series or both' });
export type MetricBatch = z.infer<typeof MetricBatch>;

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
    summary: `Log up to ${MAX_BATCH_POINTS} points (one object each, or in columns per metric), all or nothing, idempotent by batchKey; acknowledged once durable`,
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
