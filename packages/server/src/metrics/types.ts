/** The four ways a script logs a metric: `run.log`, `run.log_list`, `run.log_row`/`log_table`, `run.log_image`. */
export type MetricKind = 'scalar' | 'list' | 'table' | 'image';

/** One logged value; numbers include NaN, ±Infinity and -0, which must survive storage. */
export type Cell = number | string | boolean | null;

/** One row of a table metric: column name → cell. */
export type Row = Record<string, Cell>;

/** What a point carries: a cell, or a row for table metrics (an image point is a path string). */
export type MetricValue = Cell | Row;

/** One point of a series; `step` is an integer (|step| ≤ 2^53) or absent, `time` is epoch milliseconds. */
export interface MetricPoint {
  step?: number;
  time: number;
  value: MetricValue;
}

/**
 * Points in float64 columns, with no object per point: what the columnar wire shape becomes when all
 * its values are numbers. `steps` holds NaN for a point without a step; `length` is the point count.
 */
export interface PointColumns {
  readonly length: number;
  steps: Float64Array;
  times: Float64Array;
  values: Float64Array;
}

/** A series' new points: one object each, or in columns. */
export type PointBlock = readonly MetricPoint[] | PointColumns;
