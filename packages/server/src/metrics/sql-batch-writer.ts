/**
 * Writes a group of metric batches in one transaction (see group-commit.ts): the state the group
 * needs is loaded with a few reads, every batch is admitted or refused in memory (group-plan.ts),
 * and what was admitted is written. What is read and written is decided here once; how each
 * statement runs is the backend's (`group-sql.ts`).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { planChunks, type ChunkWrite } from './chunking.js';
import { appendChunk, encodeChunk, type EncodedChunk } from './codec.js';
import type { Outcome } from './group-commit.js';
import { GroupPlan, newPoints, runKey, type AppendJob, type PlannedSeries } from './group-plan.js';
import type { ChunkRow, GroupSql, RunName, SeriesRow } from './group-sql.js';
import { KyselyGroupSql } from './kysely-group-sql.js';
import type { AppendResult } from './metric-store.js';
import { sliceBlock } from './point-block.js';
import { SqliteGroupSql } from './sqlite-group-sql.js';
import { WalSync } from './wal-sync.js';
import { numberOf, valueToWire } from './wire.js';

/** Runs `work` in one transaction that commits when it resolves (and is durable when this resolves). */
export type GroupTransaction = <T>(work: (sql: GroupSql) => Promise<T>) => Promise<T>;

/** Group transactions through Kysely, on PostgreSQL. */
export function kyselyTransactions(db: Kysely<Database>): GroupTransaction {
  return (work) => db.transaction().execute((trx) => work(new KyselyGroupSql(trx)));
}

/**
 * Group transactions on the better-sqlite3 handle under `db`, with statements prepared once. Kysely's
 * one connection is held throughout, so no other query can run inside the transaction; the WAL is
 * fsynced off the event loop after the commit (wal-sync.ts).
 */
export function sqliteTransactions(db: Kysely<Database>, raw: BetterSqlite3.Database): GroupTransaction {
  const sql = new SqliteGroupSql(raw);
  let prepared: { begin: BetterSqlite3.Statement; commit: BetterSqlite3.Statement; rollback: BetterSqlite3.Statement; wal: WalSync | null } | undefined;
  return async (work) => {
    prepared ??= { begin: raw.prepare('begin immediate'), commit: raw.prepare('commit'), rollback: raw.prepare('rollback'), wal: WalSync.of(raw) };
    const { begin, commit, rollback, wal } = prepared;
    const transaction = async () => {
      begin.run();
      try {
        const result = await work(sql);
        commit.run();
        return result;
      } finally {
        if (raw.inTransaction) rollback.run();
      }
    };
    const result = await db.connection().execute(() => (wal ? wal.underNormal(transaction) : transaction()));
    await wal?.sync();
    return result;
  };
}

/**
 * Commits `jobs` in one transaction and returns each job's outcome. Should the shared transaction
 * fail in a way no rule foresaw, each job is retried in a transaction of its own, so it fails alone.
 */
export async function commitGroup(transaction: GroupTransaction, jobs: AppendJob[]): Promise<Outcome<AppendResult>[]> {
  const commit = (group: AppendJob[]) => transaction((sql) => commitTogether(sql, group));
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

async function commitTogether(sql: GroupSql, jobs: AppendJob[]): Promise<Outcome<AppendResult>[]> {
  const plan = await loadPlan(sql, jobs);
  const outcomes = jobs.map((job): Outcome<AppendResult> => {
    try {
      return { ok: true, value: plan.admit(job) };
    } catch (error) {
      return { ok: false, error };
    }
  });
  await writePlan(sql, plan);
  return outcomes;
}

async function loadPlan(sql: GroupSql, jobs: AppendJob[]): Promise<GroupPlan> {
  const runIds = [...new Set(jobs.map((j) => j.batch.runId))].sort();
  const keys = jobs.map(({ batch }) => ({ runId: batch.runId, name: batch.batchKey }));
  const names = new Map<string, RunName>();
  for (const { batch } of jobs) for (const { name } of batch.series) names.set(runKey(batch.runId, name), { runId: batch.runId, name });
  const runs = await sql.runs(runIds);
  const seen = await sql.storedKeys(keys);
  return new GroupPlan(runs, seen, await sql.series([...names.values()]));
}

async function writePlan(sql: GroupSql, plan: GroupPlan): Promise<void> {
  const planned = [...plan.series.values()];
  const ids = await sql.writeSeries(planned.map(seriesRow));
  const writes = planned.map((series) => ({ series, id: ids.get(runKey(series.runId, series.name))!, plan: planChunks(series.stored?.lastCount ?? null, series.count) }));
  const open = writes.filter((w) => w.plan.some((c) => c.kind === 'append')).map((w) => ({ seriesId: w.id, seq: w.series.stored!.lastSeq! }));
  const payloads = await sql.chunkPayloads(open);
  // An open chunk that grows is deleted and inserted again with the other new chunks.
  await sql.deleteChunks(open);
  await sql.insertChunks(writes.flatMap((w) => chunkRowsOf(w.id, w.series, w.plan, payloads.get(w.id))));
  await sql.insertKeys(plan.keys);
}

function seriesRow(s: PlannedSeries): SeriesRow {
  const row = { id: s.stored?.id ?? null, runId: s.runId, name: s.name, kind: s.kind, columns: s.columns === null ? null : JSON.stringify(s.columns), count: s.count };
  const { latest } = s;
  if (latest === null) return { ...row, latest: null, latestNumber: null, latestStep: null, latestTime: null };
  return { ...row, latest: JSON.stringify(valueToWire(latest.value)), latestNumber: numberOf(latest.value), latestStep: latest.step ?? null, latestTime: latest.time };
}

/** The chunk rows of a series' new points: the open chunk re-encoded with the first of them (`open`), then new chunks. */
function chunkRowsOf(seriesId: number, series: PlannedSeries, plan: ChunkWrite[], open: Uint8Array | undefined): ChunkRow[] {
  let seq = series.stored?.lastSeq ?? 0;
  const points = newPoints(series);
  return plan.map((write) => {
    const part = sliceBlock(points, write.start, write.end);
    const chunk = write.kind === 'append' ? appendChunk(open!, part) : encodeChunk(part);
    return chunkRow(seriesId, write.kind === 'append' ? seq : ++seq, chunk);
  });
}

function chunkRow(seriesId: number, seq: number, chunk: EncodedChunk): ChunkRow {
  const { payload } = chunk;
  return {
    seriesId, seq, count: chunk.count, firstStep: chunk.firstStep, lastStep: chunk.lastStep, minValue: chunk.minValue, maxValue: chunk.maxValue,
    // A Buffer view of the same bytes: both drivers bind Buffers as blobs.
    payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
  };
}
