/**
 * Writes a group of metric batches in one transaction (see group-commit.ts): the state the group
 * needs is loaded with a few queries, every batch is admitted or refused in memory (group-plan.ts),
 * and what was admitted is written with a few multi-row statements, whatever the number of batches.
 */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { planChunks, type ChunkWrite } from './chunking.js';
import { appendChunk, encodeChunk, type EncodedChunk } from './codec.js';
import type { Outcome } from './group-commit.js';
import { GroupPlan, newPoints, runKey, type AppendJob, type PlannedSeries, type RunContext, type StoredSeries } from './group-plan.js';
import type { AppendResult } from './metric-store.js';
import { sliceBlock } from './point-block.js';
import { commitThenSyncWal } from './wal-sync.js';
import type { MetricKind } from './types.js';
import { numberOf, valueToWire } from './wire.js';

type Trx = Transaction<Database>;

/** Rows per multi-row statement: far below SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_STATEMENT = 500;

/**
 * Commits `jobs` in one transaction and returns each job's outcome. Should the shared transaction
 * fail in a way no rule foresaw, each job is retried in a transaction of its own, so it fails alone.
 */
export async function commitGroup(db: Kysely<Database>, dialect: Dialect, jobs: AppendJob[]): Promise<Outcome<AppendResult>[]> {
  // On SQLite the WAL is fsynced off the event loop after the commit (wal-sync.ts); PostgreSQL commits asynchronously already.
  const commit = (group: AppendJob[]) => (dialect === 'sqlite' ? commitThenSyncWal(db, (conn) => commitTogether(conn, dialect, group)) : commitTogether(db, dialect, group));
  try {
    return await commit(jobs);
  } catch (error) {
    if (jobs.length === 1) throw error;
    const outcomes: Outcome<AppendResult>[] = [];
    for (const job of jobs) {
      outcomes.push(await commit([job]).then((o) => o[0]!, (e: unknown) => ({ ok: false as const, error: e })));
    }
    return outcomes;
  }
}

async function commitTogether(db: Kysely<Database>, dialect: Dialect, jobs: AppendJob[]): Promise<Outcome<AppendResult>[]> {
  return db.transaction().execute(async (trx) => {
    const plan = await loadPlan(trx, dialect, jobs);
    const outcomes = jobs.map((job): Outcome<AppendResult> => {
      try {
        return { ok: true, value: plan.admit(job) };
      } catch (error) {
        return { ok: false, error };
      }
    });
    await writePlan(trx, plan);
    return outcomes;
  });
}

async function loadPlan(trx: Trx, dialect: Dialect, jobs: AppendJob[]): Promise<GroupPlan> {
  const runIds = [...new Set(jobs.map((j) => j.batch.runId))].sort();
  const names = [...new Set(jobs.flatMap((j) => j.batch.series.map((s) => s.name)))];
  const keys = jobs.map((j) => j.batch.batchKey);
  const runs = await loadRuns(trx, dialect, runIds);
  const seen = await loadKeys(trx, runIds, keys);
  return new GroupPlan(runs, seen, await loadSeries(trx, runIds, names));
}

/** The group's runs and their totals; on PostgreSQL the row locks, taken in id order, serialise writers of a run across servers. */
async function loadRuns(trx: Trx, dialect: Dialect, runIds: string[]): Promise<Map<string, RunContext>> {
  const query = trx.selectFrom('runs').select(['id', 'workspace_id']).where('id', 'in', runIds).orderBy('id');
  const runs = await (dialect === 'postgres' ? query.forUpdate() : query).execute();
  const totals = await trx.selectFrom('metric_series').where('run_id', 'in', runIds).groupBy('run_id')
    .select((eb) => ['run_id', eb.fn.countAll<number>().as('names'), sql<number>`cast(sum(${eb.ref('count')}) as bigint)`.as('points')])
    .execute();
  const byRun = new Map(totals.map((t) => [t.run_id, t]));
  return new Map(runs.map((r) => [r.id, { workspaceId: r.workspace_id, names: Number(byRun.get(r.id)?.names ?? 0), points: Number(byRun.get(r.id)?.points ?? 0) }]));
}

/** Batch keys of the group stored before, as `runKey(runId, batchKey)`. */
async function loadKeys(trx: Trx, runIds: string[], keys: string[]): Promise<Set<string>> {
  const rows = await trx.selectFrom('metric_batches').select(['run_id', 'batch_key'])
    .where('run_id', 'in', runIds).where('batch_key', 'in', [...new Set(keys)]).execute();
  return new Set(rows.map((r) => runKey(r.run_id, r.batch_key)));
}

async function loadSeries(trx: Trx, runIds: string[], names: string[]): Promise<Map<string, StoredSeries>> {
  const stored = new Map<string, StoredSeries>();
  for (const part of pieces(names, 5_000)) {
    const rows = await trx.selectFrom('metric_series as s')
      .select(['s.id', 's.run_id', 's.name', 's.kind', 's.columns', 's.count', 's.latest_step', 's.latest_time'])
      .select((eb) => {
        const lastChunk = (column: 'seq' | 'count') => eb.selectFrom('metric_chunks as c').select(`c.${column}`)
          .whereRef('c.series_id', '=', 's.id').orderBy('c.seq', 'desc').limit(1);
        return [lastChunk('seq').as('last_seq'), lastChunk('count').as('last_count')];
      })
      .where('s.run_id', 'in', runIds).where('s.name', 'in', part).execute();
    for (const r of rows) {
      stored.set(runKey(r.run_id, r.name), {
        id: r.id, name: r.name, kind: r.kind as MetricKind, columns: r.columns === null ? null : (JSON.parse(r.columns) as string[]),
        count: Number(r.count), hasLatest: r.latest_time !== null, latestStep: r.latest_step, lastSeq: r.last_seq ?? null, lastCount: r.last_count ?? null,
      });
    }
  }
  return stored;
}

async function writePlan(trx: Trx, plan: GroupPlan): Promise<void> {
  const planned = [...plan.series.values()];
  const ids = await upsertSeries(trx, planned);
  const writes = planned.map((series) => ({ series, id: ids.get(runKey(series.runId, series.name))!, plan: planChunks(series.stored?.lastCount ?? null, series.count) }));
  const open = writes.filter((w) => w.plan.some((c) => c.kind === 'append')).map((w) => ({ seriesId: w.id, seq: w.series.stored!.lastSeq! }));
  const payloads = await loadChunks(trx, open);
  // An open chunk that grows is deleted and inserted again with the other new chunks: one statement for all.
  for (const part of pieces(open, ROWS_PER_STATEMENT)) await trx.deleteFrom('metric_chunks').where((eb) => matchChunks(eb, part)).execute();
  const chunkRows = writes.flatMap((w) => chunkRowsOf(w.id, w.series, w.plan, payloads.get(w.id)));
  for (const part of pieces(chunkRows, ROWS_PER_STATEMENT)) await trx.insertInto('metric_chunks').values(part).execute();
  const keyRows = plan.keys.map((k) => ({ run_id: k.runId, batch_key: k.batchKey, points: k.points, created_at: k.receivedAt }));
  for (const part of pieces(keyRows, ROWS_PER_STATEMENT)) await trx.insertInto('metric_batches').values(part).execute();
}

/**
 * Creates the new series and adds to the counts (and latest points) of the others, many rows per
 * statement; returns every planned series' id by `runKey`.
 */
async function upsertSeries(trx: Trx, planned: PlannedSeries[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const rows = planned.map((s) => ({
    run_id: s.runId, name: s.name, kind: s.kind, columns: s.columns === null ? null : JSON.stringify(s.columns), count: s.count,
    ...latestColumns(s),
  }));
  // A row whose latest_time is null brings no new latest point: the stored one stays.
  const keep = (column: 'latest' | 'latest_number' | 'latest_step' | 'latest_time') =>
    sql<never>`case when ${sql.ref('excluded.latest_time')} is null then ${sql.ref(`metric_series.${column}`)} else ${sql.ref(`excluded.${column}`)} end`;
  for (const part of pieces(rows, ROWS_PER_STATEMENT)) {
    const written = await trx.insertInto('metric_series').values(part)
      .onConflict((oc) => oc.columns(['run_id', 'name']).doUpdateSet((eb) => ({
        count: eb('metric_series.count', '+', eb.ref('excluded.count')),
        latest: keep('latest'), latest_number: keep('latest_number'), latest_step: keep('latest_step'), latest_time: keep('latest_time'),
      })))
      .returning(['id', 'run_id', 'name']).execute();
    for (const r of written) ids.set(runKey(r.run_id, r.name), r.id);
  }
  return ids;
}

function latestColumns({ latest }: PlannedSeries) {
  if (latest === null) return { latest: null, latest_number: null, latest_step: null, latest_time: null };
  return { latest: JSON.stringify(valueToWire(latest.value)), latest_number: numberOf(latest.value), latest_step: latest.step ?? null, latest_time: latest.time };
}

interface ChunkRef {
  seriesId: number;
  seq: number;
}

// SQLite takes a row value on the left of IN only against a subquery, so pairs are matched with OR.
function matchChunks(eb: ExpressionBuilder<Database, 'metric_chunks'>, refs: ChunkRef[]) {
  return eb.or(refs.map((r) => eb.and([eb('series_id', '=', r.seriesId), eb('seq', '=', r.seq)])));
}

/** The payloads of the given chunks, by series id (one chunk per series). */
async function loadChunks(trx: Trx, refs: ChunkRef[]): Promise<Map<number, Uint8Array>> {
  const payloads = new Map<number, Uint8Array>();
  for (const part of pieces(refs, ROWS_PER_STATEMENT)) {
    const rows = await trx.selectFrom('metric_chunks').select(['series_id', 'payload']).where((eb) => matchChunks(eb, part)).execute();
    for (const row of rows) payloads.set(row.series_id, row.payload);
  }
  return payloads;
}

/** The chunk rows of a series' new points: the open chunk re-encoded with the first of them (`open`), then new chunks. */
function chunkRowsOf(seriesId: number, series: PlannedSeries, plan: ChunkWrite[], open: Uint8Array | undefined) {
  let seq = series.stored?.lastSeq ?? 0;
  const points = newPoints(series);
  return plan.map((write) => {
    const part = sliceBlock(points, write.start, write.end);
    const chunk = write.kind === 'append' ? appendChunk(open!, part) : encodeChunk(part);
    return { series_id: seriesId, seq: write.kind === 'append' ? seq : ++seq, ...chunkColumns(chunk) };
  });
}

function chunkColumns(chunk: EncodedChunk) {
  const { payload } = chunk;
  return {
    count: chunk.count, first_step: chunk.firstStep, last_step: chunk.lastStep, min_value: chunk.minValue, max_value: chunk.maxValue,
    // A Buffer view of the same bytes: both drivers bind Buffers as blobs.
    payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
  };
}

function pieces<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
