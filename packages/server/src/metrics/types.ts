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
