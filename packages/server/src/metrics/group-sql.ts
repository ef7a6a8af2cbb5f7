/**
 * The statements of one group commit, behind one interface so that what a group reads and writes is
 * decided once (sql-batch-writer.ts) while each backend runs it its own way: PostgreSQL through
 * Kysely with multi-row statements (`kysely-group-sql.ts`), SQLite through better-sqlite3 statements
 * prepared once per connection (`sqlite-group-sql.ts`), where building, compiling and preparing
 * each query for every group cost a quarter of ingestion (ADR 5).
 */
import type { KeyRow, RunContext, StoredSeries } from './group-plan.js';
import type { MetricKind } from './types.js';

/** A series row to write: `id` is the stored series' id, null for a series the group creates. */
export interface SeriesRow {
  id: number | null;
  runId: string;
  name: string;
  kind: string;
  /** JSON of the table columns, or null. */
  columns: string | null;
  /** Points the group adds. */
  count: number;
  /** The new latest point's columns; `latestTime` null keeps the stored latest. */
  latest: string | null;
  latestNumber: number | null;
  latestStep: number | null;
  latestTime: number | null;
}

/** One `metric_chunks` row to insert. */
export interface ChunkRow {
  seriesId: number;
  seq: number;
  count: number;
  firstStep: number | null;
  lastStep: number | null;
  minValue: number | null;
  maxValue: number | null;
  payload: Buffer;
}

/** One chunk of one series. */
export interface ChunkRef {
  seriesId: number;
  seq: number;
}

/** A (run, name) pair: a batch key or a metric name of a run. */
export interface RunName {
  runId: string;
  name: string;
}

/** What a group commit runs inside its transaction. */
export interface GroupSql {
  /** The runs among `runIds` (sorted) with their metric totals, by id. */
  runs(runIds: readonly string[]): Promise<Map<string, RunContext>>;
  /** Which of the batch keys are stored, as `runKey(runId, key)`. */
  storedKeys(keys: readonly RunName[]): Promise<Set<string>>;
  /** The stored series among the pairs, with their last chunk, by `runKey`. */
  series(pairs: readonly RunName[]): Promise<Map<string, StoredSeries>>;
  /** Creates or updates the series; returns every row's series id by `runKey`. */
  writeSeries(rows: readonly SeriesRow[]): Promise<Map<string, number>>;
  /** The payloads of the chunks (one per series), by series id. */
  chunkPayloads(refs: readonly ChunkRef[]): Promise<Map<number, Uint8Array>>;
  deleteChunks(refs: readonly ChunkRef[]): Promise<void>;
  insertChunks(rows: readonly ChunkRow[]): Promise<void>;
  insertKeys(rows: readonly KeyRow[]): Promise<void>;
}

/** A `metric_series` row (with its last chunk's seq and count) as the group plan needs it. */
export interface SeriesRecord {
  id: number;
  name: string;
  kind: string;
  columns: string | null;
  count: number;
  latest_step: number | null;
  latest_time: number | null;
  last_seq: number | null;
  last_count: number | null;
}

/** A series row as the group plan needs it; both backends read the same columns. */
export function storedSeries(r: SeriesRecord): StoredSeries {
  return {
    id: r.id, name: r.name, kind: r.kind as MetricKind, columns: r.columns === null ? null : (JSON.parse(r.columns) as string[]),
    count: r.count, hasLatest: r.latest_time !== null, latestStep: r.latest_step, lastSeq: r.last_seq, lastCount: r.last_count,
  };
}
