/** ExecutionStore on Kysely, for SQLite and PostgreSQL. */
import type { Kysely, Selectable } from 'kysely';
import { terminalStatuses, type RunConfig } from '@cairn/api';
import type { Database, RunExecutionTable } from '../db/schema.js';
import type { BackendHandle } from './compute-backend.js';
import type { ExecutionPhase, ExecutionRecord, ExecutionStore, NewExecution } from './execution-store.js';

function toRecord(row: Selectable<RunExecutionTable> & { workspace: string }): ExecutionRecord {
  return {
    runId: row.run_id, workspaceId: row.workspace_id, workspace: row.workspace, target: row.target, runConfig: JSON.parse(row.run_config) as RunConfig,
    snapshotId: row.snapshot_id, environment: row.environment === null ? null : JSON.parse(row.environment),
    phase: row.phase as ExecutionPhase, queuedAt: row.queued_at, leaseOwner: row.lease_owner, leaseExpiresAt: row.lease_expires_at,
    handle: row.handle === null ? null : (JSON.parse(row.handle) as BackendHandle), tokenId: row.token_id,
    lastHeartbeatAt: row.last_heartbeat_at, cancelRequested: row.cancel_requested !== 0,
  };
}

export class SqlExecutionStore implements ExecutionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(e: NewExecution): Promise<void> {
    await this.db.insertInto('run_executions').values({
      run_id: e.runId, workspace_id: e.workspaceId, target: e.target, run_config: JSON.stringify(e.runConfig), snapshot_id: e.snapshotId,
      environment: e.environment === null ? null : JSON.stringify(e.environment), phase: 'queued', queued_at: e.queuedAt,
      lease_owner: null, lease_expires_at: null, handle: null, token_id: null, last_heartbeat_at: null, cancel_requested: 0,
    }).execute();
  }

  async get(runId: string): Promise<ExecutionRecord | null> {
    const row = await this.withRuns().where('run_executions.run_id', '=', runId).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  private withRuns() {
    return this.db.selectFrom('run_executions').innerJoin('runs', 'runs.id', 'run_executions.run_id')
      .innerJoin('workspaces', 'workspaces.id', 'run_executions.workspace_id').selectAll('run_executions').select('workspaces.name as workspace');
  }

  async queued(target: string): Promise<ExecutionRecord[]> {
    const rows = await this.withRuns().where('run_executions.target', '=', target).where('run_executions.phase', '=', 'queued')
      .where('runs.status', '=', 'Queued').orderBy('run_executions.queued_at').orderBy('run_executions.run_id').execute();
    return rows.map(toRecord);
  }

  async active(target: string): Promise<ExecutionRecord[]> {
    const rows = await this.withRuns().where('run_executions.target', '=', target).where('run_executions.phase', 'in', ['starting', 'started'])
      .where('runs.status', 'not in', [...terminalStatuses]).execute();
    return rows.map(toRecord);
  }

  async claim(runId: string, owner: string, now: number, expiresAt: number): Promise<boolean> {
    const result = await this.db.updateTable('run_executions').set({ phase: 'starting', lease_owner: owner, lease_expires_at: expiresAt })
      .where('run_id', '=', runId)
      .where((eb) => eb.or([eb('phase', '=', 'queued'), eb.and([eb('phase', '=', 'starting'), eb('lease_expires_at', '<', now)])]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markStarted(runId: string, owner: string, handle: BackendHandle, tokenId: string, now: number): Promise<boolean> {
    const result = await this.db.updateTable('run_executions')
      .set({ phase: 'started', handle: JSON.stringify(handle), token_id: tokenId, last_heartbeat_at: now })
      .where('run_id', '=', runId).where('lease_owner', '=', owner).where('phase', '=', 'starting').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async release(runId: string, owner: string): Promise<void> {
    await this.db.updateTable('run_executions').set({ phase: 'queued', lease_owner: null, lease_expires_at: null })
      .where('run_id', '=', runId).where('lease_owner', '=', owner).where('phase', '=', 'starting').execute();
  }

  async setPhase(runId: string, phase: ExecutionPhase): Promise<void> {
    await this.db.updateTable('run_executions').set({ phase }).where('run_id', '=', runId).execute();
  }

  async heartbeat(runId: string, now: number): Promise<void> {
    await this.db.updateTable('run_executions').set({ last_heartbeat_at: now }).where('run_id', '=', runId).execute();
  }

  async requestCancel(runId: string): Promise<void> {
    await this.db.updateTable('run_executions').set({ cancel_requested: 1 }).where('run_id', '=', runId).execute();
  }

  async ended(): Promise<ExecutionRecord[]> {
    const rows = await this.withRuns().where('run_executions.phase', 'in', ['starting', 'started']).where('runs.status', 'in', [...terminalStatuses]).execute();
    return rows.map(toRecord);
  }

  async silentSince(before: number): Promise<ExecutionRecord[]> {
    const rows = await this.withRuns().where('run_executions.phase', '=', 'started').where('run_executions.last_heartbeat_at', '<', before)
      .where('runs.status', 'not in', [...terminalStatuses]).execute();
    return rows.map(toRecord);
  }
}
