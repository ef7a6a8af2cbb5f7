import type { Kysely, Selectable } from 'kysely';
import type { MetadataDb } from '../db/database.js';
import type { Database, MetricSeriesTable } from '../db/schema.js';
import { GroupCommitter } from './group-commit.js';
import type { AppendResult, BatchAppend, BatchCheck, MetricStore, SeriesInfo, StoredChunk } from './metric-store.js';
import type { AppendJob } from './group-plan.js';
import { commitGroup, kyselyTransactions, sqliteTransactions } from './sql-batch-writer.js';
import type { MetricKind, MetricValue } from './types.js';
import { valueFromWire } from './wire.js';

export interface SqlMetricStoreOptions {
  /** Most batches one group commit takes (default 64). */
  maxGroupBatches?: number;
}

/** The metric store on SQLite or PostgreSQL, with batches written by group commit. */
export class SqlMetricStore implements MetricStore {
  private readonly committer: GroupCommitter<AppendJob, AppendResult>;
  private readonly db: Kysely<Database>;

  constructor(metadata: Pick<MetadataDb, 'db' | 'dialect' | 'sqlite'>, options: SqlMetricStoreOptions = {}) {
    this.db = metadata.db;
    // On SQLite the group commit runs prepared statements on the driver's connection; PostgreSQL goes through Kysely.
    const transaction = metadata.dialect === 'postgres' ? kyselyTransactions(metadata.db) : sqliteTransactions(metadata.db, sqliteHandle(metadata));
    this.committer = new GroupCommitter((jobs) => commitGroup(transaction, jobs), options.maxGroupBatches);
  }

  append(batch: BatchAppend, check: BatchCheck): Promise<AppendResult> {
    return this.committer.submit({ batch, check });
  }

  async runExists(workspaceId: number, runId: string): Promise<boolean> {
    const row = await this.db.selectFrom('runs').select('id').where('id', '=', runId).where('workspace_id', '=', workspaceId).executeTakeFirst();
    return row !== undefined;
  }

  async list(runId: string): Promise<SeriesInfo[]> {
    const rows = await this.db.selectFrom('metric_series').selectAll().where('run_id', '=', runId).orderBy('name').execute();
    return rows.map(toInfo);
  }

  async find(runId: string, name: string): Promise<SeriesInfo | null> {
    const row = await this.db.selectFrom('metric_series').selectAll().where('run_id', '=', runId).where('name', '=', name).executeTakeFirst();
    return row ? toInfo(row) : null;
  }

  async chunks(seriesId: number, afterSeq: number, limit: number): Promise<StoredChunk[]> {
    return this.db.selectFrom('metric_chunks').select(['seq', 'count', 'payload'])
      .where('series_id', '=', seriesId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  }

  async latest(workspaceId: number, runIds: readonly string[], names?: readonly string[]): Promise<Map<string, Map<string, MetricValue>>> {
    // `in ()` is not SQL: an empty list becomes [''], which is never a metric name.
    const wanted = names === undefined ? undefined : names.length > 0 ? [...names] : [''];
    const rows = await this.db.selectFrom('runs')
      // The name test belongs to the join, so a run without those metrics still comes back (empty).
      .leftJoin('metric_series', (join) => {
        const on = join.onRef('metric_series.run_id', '=', 'runs.id');
        return wanted === undefined ? on : on.on('metric_series.name', 'in', wanted);
      })
      .select(['runs.id', 'metric_series.name', 'metric_series.latest'])
      .where('runs.workspace_id', '=', workspaceId).where('runs.id', 'in', [...runIds]).execute();
    const out = new Map<string, Map<string, MetricValue>>();
    for (const row of rows) {
      const values = out.get(row.id) ?? out.set(row.id, new Map()).get(row.id)!;
      if (row.name !== null && row.latest !== null) values.set(row.name, valueFromWire(JSON.parse(row.latest)));
    }
    return out;
  }
}

function sqliteHandle({ sqlite }: Pick<MetadataDb, 'sqlite'>) {
  if (!sqlite) throw new Error('the SQLite metric store needs the better-sqlite3 handle (MetadataDb.sqlite)');
  return sqlite;
}

function toInfo(row: Selectable<MetricSeriesTable>): SeriesInfo {
  const latest = row.latest === null || row.latest_time === null ? null
    : { step: row.latest_step, time: Number(row.latest_time), value: valueFromWire(JSON.parse(row.latest)) };
  return {
    id: row.id, name: row.name, kind: row.kind as MetricKind,
    columns: row.columns === null ? null : (JSON.parse(row.columns) as string[]), count: Number(row.count), latest,
  };
}
