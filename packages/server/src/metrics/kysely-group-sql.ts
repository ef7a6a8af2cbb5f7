/**
 * A group commit's statements through Kysely on PostgreSQL, many rows per statement: each statement
 * is a round trip to the database server.
 */
import { sql, type ExpressionBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { runKey, type KeyRow, type RunContext, type StoredSeries } from './group-plan.js';
import { storedSeries, type ChunkRef, type ChunkRow, type GroupSql, type RunName, type SeriesRow } from './group-sql.js';

/** Rows per multi-row statement: far below PostgreSQL's parameter limit. */
const ROWS_PER_STATEMENT = 500;

/** The statements of one group on a Kysely transaction on PostgreSQL. */
export class KyselyGroupSql implements GroupSql {
  constructor(private readonly trx: Transaction<Database>) {}

  /** The run rows are locked (FOR UPDATE) in id order, which serialises writers of a run across servers. */
  async runs(runIds: readonly string[]): Promise<Map<string, RunContext>> {
    const runs = await this.trx.selectFrom('runs').select(['id', 'workspace_id']).where('id', 'in', [...runIds]).orderBy('id').forUpdate().execute();
    const totals = await this.trx.selectFrom('metric_series').where('run_id', 'in', [...runIds]).groupBy('run_id')
      .select((eb) => ['run_id', eb.fn.countAll<number>().as('names'), sql<number>`cast(sum(${eb.ref('count')}) as bigint)`.as('points')])
      .execute();
    const byRun = new Map(totals.map((t) => [t.run_id, t]));
    return new Map(runs.map((r) => [r.id, { workspaceId: r.workspace_id, names: Number(byRun.get(r.id)?.names ?? 0), points: Number(byRun.get(r.id)?.points ?? 0) }]));
  }

  async storedKeys(keys: readonly RunName[]): Promise<Set<string>> {
    const rows = await this.trx.selectFrom('metric_batches').select(['run_id', 'batch_key'])
      .where('run_id', 'in', distinct(keys, (k) => k.runId)).where('batch_key', 'in', distinct(keys, (k) => k.name)).execute();
    return new Set(rows.map((r) => runKey(r.run_id, r.batch_key)));
  }

  async series(pairs: readonly RunName[]): Promise<Map<string, StoredSeries>> {
    const stored = new Map<string, StoredSeries>();
    const runIds = distinct(pairs, (p) => p.runId);
    for (const part of pieces(distinct(pairs, (p) => p.name), 5_000)) {
      const rows = await this.trx.selectFrom('metric_series as s')
        .select(['s.id', 's.run_id', 's.name', 's.kind', 's.columns', 's.count', 's.latest_step', 's.latest_time'])
        .select((eb) => {
          const lastChunk = (column: 'seq' | 'count') => eb.selectFrom('metric_chunks as c').select(`c.${column}`)
            .whereRef('c.series_id', '=', 's.id').orderBy('c.seq', 'desc').limit(1);
          return [lastChunk('seq').as('last_seq'), lastChunk('count').as('last_count')];
        })
        .where('s.run_id', 'in', runIds).where('s.name', 'in', part).execute();
      for (const r of rows) {
        stored.set(runKey(r.run_id, r.name), storedSeries({ ...r, count: Number(r.count), last_seq: r.last_seq ?? null, last_count: r.last_count ?? null }));
      }
    }
    return stored;
  }

  /** An upsert, so a series another server created meanwhile is added to rather than refused. */
  async writeSeries(rows: readonly SeriesRow[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    // A row whose latest_time is null brings no new latest point: the stored one stays.
    const keep = (column: 'latest' | 'latest_number' | 'latest_step' | 'latest_time') =>
      sql<never>`case when ${sql.ref('excluded.latest_time')} is null then ${sql.ref(`metric_series.${column}`)} else ${sql.ref(`excluded.${column}`)} end`;
    for (const part of pieces(rows, ROWS_PER_STATEMENT)) {
      const written = await this.trx.insertInto('metric_series').values(part.map(seriesValues))
        .onConflict((oc) => oc.columns(['run_id', 'name']).doUpdateSet((eb) => ({
          count: eb('metric_series.count', '+', eb.ref('excluded.count')),
          latest: keep('latest'), latest_number: keep('latest_number'), latest_step: keep('latest_step'), latest_time: keep('latest_time'),
        })))
        .returning(['id', 'run_id', 'name']).execute();
      for (const r of written) ids.set(runKey(r.run_id, r.name), r.id);
    }
    return ids;
  }

  async chunkPayloads(refs: readonly ChunkRef[]): Promise<Map<number, Uint8Array>> {
    const payloads = new Map<number, Uint8Array>();
    for (const part of pieces(refs, ROWS_PER_STATEMENT)) {
      const rows = await this.trx.selectFrom('metric_chunks').select(['series_id', 'payload']).where((eb) => matchChunks(eb, part)).execute();
      for (const row of rows) payloads.set(row.series_id, row.payload);
    }
    return payloads;
  }

  async deleteChunks(refs: readonly ChunkRef[]): Promise<void> {
    for (const part of pieces(refs, ROWS_PER_STATEMENT)) await this.trx.deleteFrom('metric_chunks').where((eb) => matchChunks(eb, part)).execute();
  }

  async insertChunks(rows: readonly ChunkRow[]): Promise<void> {
    for (const part of pieces(rows, ROWS_PER_STATEMENT)) {
      await this.trx.insertInto('metric_chunks').values(part.map((c) => ({
        series_id: c.seriesId, seq: c.seq, count: c.count, first_step: c.firstStep, last_step: c.lastStep, min_value: c.minValue, max_value: c.maxValue, payload: c.payload,
      }))).execute();
    }
  }

  async insertKeys(rows: readonly KeyRow[]): Promise<void> {
    for (const part of pieces(rows, ROWS_PER_STATEMENT)) {
      await this.trx.insertInto('metric_batches').values(part.map((k) => ({ run_id: k.runId, batch_key: k.batchKey, points: k.points, created_at: k.receivedAt }))).execute();
    }
  }
}

function seriesValues(s: SeriesRow) {
  return {
    run_id: s.runId, name: s.name, kind: s.kind, columns: s.columns, count: s.count,
    latest: s.latest, latest_number: s.latestNumber, latest_step: s.latestStep, latest_time: s.latestTime,
  };
}

// Pairs matched with OR (a row value IN a list of pairs is not portable SQL).
function matchChunks(eb: ExpressionBuilder<Database, 'metric_chunks'>, refs: readonly ChunkRef[]) {
  return eb.or(refs.map((r) => eb.and([eb('series_id', '=', r.seriesId), eb('seq', '=', r.seq)])));
}

function distinct<T>(items: readonly T[], key: (item: T) => string): string[] {
  return [...new Set(items.map(key))];
}

function pieces<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
