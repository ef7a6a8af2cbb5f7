/**
 * A group commit's statements on SQLite, prepared once per connection and run one row at a time:
 * better-sqlite3 runs each in-process in microseconds, while building each query with Kysely and
 * preparing it again for every group cost about a quarter of ingestion (ADR 5). The SQL is written
 * here rather than with Kysely for that reason only; `kysely-group-sql.ts` holds the same reads and
 * writes for PostgreSQL.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { runKey, type KeyRow, type RunContext, type StoredSeries } from './group-plan.js';
import { storedSeries, type ChunkRef, type ChunkRow, type GroupSql, type RunName, type SeriesRecord, type SeriesRow } from './group-sql.js';

type Statement = BetterSqlite3.Statement<unknown[]>;

const SQL = {
  run: `select workspace_id as workspaceId,
      (select count(*) from metric_series where run_id = r.id) as names,
      (select coalesce(sum(count), 0) from metric_series where run_id = r.id) as points
    from runs r where r.id = ?`,
  key: 'select 1 from metric_batches where run_id = ? and batch_key = ?',
  series: `select s.id, s.name, s.kind, s.columns, s.count, s.latest_step, s.latest_time, c.seq as last_seq, c.count as last_count
    from metric_series s left join metric_chunks c on c.series_id = s.id and c.seq = (select max(seq) from metric_chunks where series_id = s.id)
    where s.run_id = ? and s.name = ?`,
  insertSeries: `insert into metric_series (run_id, name, kind, columns, count, latest, latest_number, latest_step, latest_time)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  addCount: 'update metric_series set count = count + ? where id = ?',
  addCountAndLatest: 'update metric_series set count = count + ?, latest = ?, latest_number = ?, latest_step = ?, latest_time = ? where id = ?',
  payload: 'select payload from metric_chunks where series_id = ? and seq = ?',
  deleteChunk: 'delete from metric_chunks where series_id = ? and seq = ?',
  insertChunk: `insert into metric_chunks (series_id, seq, count, first_step, last_step, min_value, max_value, payload)
    values (?, ?, ?, ?, ?, ?, ?, ?)`,
  insertKey: 'insert into metric_batches (run_id, batch_key, points, created_at) values (?, ?, ?, ?)',
};

/** The group statements of one SQLite connection, prepared on first use; run only inside its transaction. */
export class SqliteGroupSql implements GroupSql {
  private prepared: Record<keyof typeof SQL, Statement> | null = null;

  constructor(private readonly raw: BetterSqlite3.Database) {}

  // Prepared on first use, once the migrations have made the tables.
  private get statements(): Record<keyof typeof SQL, Statement> {
    this.prepared ??= Object.fromEntries(Object.entries(SQL).map(([name, text]) => [name, this.raw.prepare(text)])) as Record<keyof typeof SQL, Statement>;
    return this.prepared;
  }

  async runs(runIds: readonly string[]): Promise<Map<string, RunContext>> {
    const out = new Map<string, RunContext>();
    for (const id of runIds) {
      const row = this.statements.run.get(id) as RunContext | undefined;
      if (row) out.set(id, { workspaceId: row.workspaceId, names: row.names, points: row.points });
    }
    return out;
  }

  async storedKeys(keys: readonly RunName[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const { runId, name } of keys) if (this.statements.key.get(runId, name) !== undefined) out.add(runKey(runId, name));
    return out;
  }

  async series(pairs: readonly RunName[]): Promise<Map<string, StoredSeries>> {
    const out = new Map<string, StoredSeries>();
    for (const { runId, name } of pairs) {
      const row = this.statements.series.get(runId, name) as SeriesRecord | undefined;
      if (row) out.set(runKey(runId, name), storedSeries(row));
    }
    return out;
  }

  async writeSeries(rows: readonly SeriesRow[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const { insertSeries, addCount, addCountAndLatest } = this.statements;
    for (const s of rows) {
      let id = s.id;
      if (id === null) {
        id = Number(insertSeries.run(s.runId, s.name, s.kind, s.columns, s.count, s.latest, s.latestNumber, s.latestStep, s.latestTime).lastInsertRowid);
      } else if (s.latestTime === null) {
        addCount.run(s.count, id);
      } else {
        addCountAndLatest.run(s.count, s.latest, s.latestNumber, s.latestStep, s.latestTime, id);
      }
      ids.set(runKey(s.runId, s.name), id);
    }
    return ids;
  }

  async chunkPayloads(refs: readonly ChunkRef[]): Promise<Map<number, Uint8Array>> {
    const out = new Map<number, Uint8Array>();
    for (const { seriesId, seq } of refs) {
      const row = this.statements.payload.get(seriesId, seq) as { payload: Uint8Array } | undefined;
      if (row) out.set(seriesId, row.payload);
    }
    return out;
  }

  async deleteChunks(refs: readonly ChunkRef[]): Promise<void> {
    for (const { seriesId, seq } of refs) this.statements.deleteChunk.run(seriesId, seq);
  }

  async insertChunks(rows: readonly ChunkRow[]): Promise<void> {
    const { insertChunk } = this.statements;
    for (const c of rows) insertChunk.run(c.seriesId, c.seq, c.count, c.firstStep, c.lastStep, c.minValue, c.maxValue, c.payload);
  }

  async insertKeys(rows: readonly KeyRow[]): Promise<void> {
    const { insertKey } = this.statements;
    for (const k of rows) insertKey.run(k.runId, k.batchKey, k.points, k.receivedAt);
  }
}
