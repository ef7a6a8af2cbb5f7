/**
 * Writes a group of metric batches in one transaction (see group-commit.ts). Each batch runs under
 * its own savepoint, so a batch that is refused (kind mismatch, limit) or fails in the database is
 * rolled back alone while its neighbours commit.
 */
import { NotFoundError } from '@cairn/api';
import { sql, type ControlledTransaction, type Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { appendChunk, encodeChunk, type EncodedChunk } from './codec.js';
import { planChunks } from './chunking.js';
import type { Outcome } from './group-commit.js';
import type { AppendResult, BatchAppend, BatchCheck, SeriesAppend, SeriesState } from './metric-store.js';
import type { MetricKind, MetricPoint } from './types.js';
import { numberOf, valueToWire } from './wire.js';

/** A batch and the rules it must pass. */
export interface AppendJob {
  batch: BatchAppend;
  check: BatchCheck;
}

type Trx = ControlledTransaction<Database, string[]>;

/** A run as the group found it, with totals kept in step as its batches are written. */
interface RunContext {
  workspaceId: number;
  names: number;
  points: number;
}

/** A stored series and its last chunk, which a batch may extend. */
interface StoredSeries extends SeriesState {
  id: number;
  hasLatest: boolean;
  latestStep: number | null;
  lastSeq: number | null;
  lastCount: number | null;
}

/** Commits `jobs` in one transaction and returns each job's outcome; throws if the commit fails. */
export async function commitGroup(db: Kysely<Database>, dialect: Dialect, jobs: AppendJob[]): Promise<Outcome<AppendResult>[]> {
  const trx = (await db.startTransaction().execute()) as Trx;
  try {
    const runs = await loadRuns(trx, dialect, jobs);
    const outcomes: Outcome<AppendResult>[] = [];
    for (const job of jobs) outcomes.push(await appendUnderSavepoint(trx, runs.get(job.batch.runId), job));
    await trx.commit().execute();
    return outcomes;
  } catch (error) {
    await trx.rollback().execute().catch(() => undefined);
    throw error;
  }
}

/** Loads each run of the group once, in id order: on PostgreSQL the row lock serialises writers of a run across servers. */
async function loadRuns(trx: Trx, dialect: Dialect, jobs: AppendJob[]): Promise<Map<string, RunContext>> {
  const runs = new Map<string, RunContext>();
  for (const runId of [...new Set(jobs.map((j) => j.batch.runId))].sort()) {
    const query = trx.selectFrom('runs').select('workspace_id').where('id', '=', runId);
    const run = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    if (!run) continue;
    const totals = await trx.selectFrom('metric_series').where('run_id', '=', runId)
      .select((eb) => [eb.fn.countAll<number>().as('names'), sql<number>`cast(coalesce(sum(${eb.ref('count')}), 0) as bigint)`.as('points')])
      .executeTakeFirstOrThrow();
    runs.set(runId, { workspaceId: run.workspace_id, names: Number(totals.names), points: Number(totals.points) });
  }
  return runs;
}

async function appendUnderSavepoint(trx: Trx, run: RunContext | undefined, job: AppendJob): Promise<Outcome<AppendResult>> {
  const savepoint = await trx.savepoint('metric_batch').execute();
  try {
    const { result, newNames } = await appendBatch(savepoint, run, job);
    await savepoint.releaseSavepoint('metric_batch').execute();
    // Counted only once the batch is in, so a refused batch leaves the totals as they were.
    if (run && !result.duplicate) [run.names, run.points] = [run.names + newNames, run.points + result.accepted];
    return { ok: true, value: result };
  } catch (error) {
    await savepoint.rollbackToSavepoint('metric_batch').execute();
    // ROLLBACK TO keeps the savepoint on the stack; release it so failed batches do not pile them up.
    await savepoint.releaseSavepoint('metric_batch').execute();
    return { ok: false, error };
  }
}

async function appendBatch(trx: Trx, run: RunContext | undefined, { batch, check }: AppendJob) {
  if (!run || run.workspaceId !== batch.workspaceId) {
    throw new NotFoundError('RUN_NOT_FOUND', `no run ${batch.runId} in this workspace`);
  }
  const key = await trx.insertInto('metric_batches')
    .values({ run_id: batch.runId, batch_key: batch.batchKey, points: batch.points, created_at: batch.receivedAt })
    .onConflict((oc) => oc.columns(['run_id', 'batch_key']).doNothing()).executeTakeFirst();
  if (Number(key.numInsertedOrUpdatedRows ?? 0n) === 0) return { result: { accepted: 0, duplicate: true }, newNames: 0 };
  const stored = await loadSeries(trx, batch.runId, batch.series.map((s) => s.name));
  check(batch, stored, { names: run.names, points: run.points });
  for (const series of batch.series) await writeSeries(trx, batch.runId, series, stored.get(series.name));
  const newNames = batch.series.filter((s) => !stored.has(s.name)).length;
  return { result: { accepted: batch.points, duplicate: false }, newNames };
}

async function loadSeries(trx: Trx, runId: string, names: string[]): Promise<Map<string, StoredSeries>> {
  const rows = await trx.selectFrom('metric_series as s')
    .select(['s.id', 's.name', 's.kind', 's.columns', 's.count', 's.latest_step', 's.latest_time'])
    .select((eb) => {
      const lastChunk = (column: 'seq' | 'count') => eb.selectFrom('metric_chunks as c').select(`c.${column}`)
        .whereRef('c.series_id', '=', 's.id').orderBy('c.seq', 'desc').limit(1);
      return [lastChunk('seq').as('last_seq'), lastChunk('count').as('last_count')];
    })
    .where('s.run_id', '=', runId).where('s.name', 'in', names).execute();
  return new Map(rows.map((r) => [r.name, {
    id: r.id, name: r.name, kind: r.kind as MetricKind, columns: r.columns === null ? null : (JSON.parse(r.columns) as string[]),
    count: Number(r.count), hasLatest: r.latest_time !== null, latestStep: r.latest_step,
    lastSeq: r.last_seq ?? null, lastCount: r.last_count ?? null,
  }]));
}

async function writeSeries(trx: Trx, runId: string, series: SeriesAppend, stored: StoredSeries | undefined): Promise<void> {
  const latest = latestOf(series.points, stored?.hasLatest ? { step: stored.latestStep } : null);
  const latestColumns = latest === null ? {} : {
    latest: JSON.stringify(valueToWire(latest.value)), latest_number: numberOf(latest.value),
    latest_step: latest.step ?? null, latest_time: latest.time,
  };
  if (stored) {
    await writeChunks(trx, stored.id, series.points, stored);
    await trx.updateTable('metric_series').set((eb) => ({ count: eb('count', '+', series.points.length), ...latestColumns }))
      .where('id', '=', stored.id).execute();
    return;
  }
  const columns = series.columns === null ? null : JSON.stringify(series.columns);
  const { id } = await trx.insertInto('metric_series')
    .values({ run_id: runId, name: series.name, kind: series.kind, columns, count: series.points.length, ...latestColumns })
    .returning('id').executeTakeFirstOrThrow();
  await writeChunks(trx, id, series.points, null);
}

/**
 * The point that becomes the series' latest, or null when none replaces `current`: a point replaces it
 * when its step is at least the latest step, or when either has no step (a step-less point counts as
 * logged now, so it wins; the next stepped point then wins over it).
 */
function latestOf(points: readonly MetricPoint[], current: { step: number | null } | null): MetricPoint | null {
  let chosen: MetricPoint | null = null;
  let step = current === null ? undefined : current.step;
  for (const point of points) {
    if (step === undefined || step === null || point.step == null || point.step >= step) {
      chosen = point;
      step = point.step ?? null;
    }
  }
  return chosen;
}

async function writeChunks(trx: Trx, seriesId: number, points: MetricPoint[], stored: StoredSeries | null): Promise<void> {
  const rows = [];
  let seq = stored?.lastSeq ?? 0;
  for (const write of planChunks(stored?.lastCount ?? null, points.length)) {
    const part = points.slice(write.start, write.end);
    if (write.kind === 'append') {
      const last = await trx.selectFrom('metric_chunks').select('payload').where('series_id', '=', seriesId).where('seq', '=', seq)
        .executeTakeFirstOrThrow();
      await trx.updateTable('metric_chunks').set(chunkColumns(appendChunk(last.payload, part)))
        .where('series_id', '=', seriesId).where('seq', '=', seq).execute();
    } else {
      rows.push({ series_id: seriesId, seq: ++seq, ...chunkColumns(encodeChunk(part)) });
    }
  }
  if (rows.length > 0) await trx.insertInto('metric_chunks').values(rows).execute();
}

function chunkColumns(chunk: EncodedChunk) {
  const { payload } = chunk;
  return {
    count: chunk.count, first_step: chunk.firstStep, last_step: chunk.lastStep, min_value: chunk.minValue, max_value: chunk.maxValue,
    // A Buffer view of the same bytes: both drivers bind Buffers as blobs.
    payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
  };
}
