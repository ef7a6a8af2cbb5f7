/** Submitting runs and serving their runners: spec, heartbeats, logs and granted secrets. */
import type { z } from 'zod';
import { AuthError, NotFoundError, isTerminal, type AppendLogs, type LogLine, type LogQuery, type Run, type RunSpec, type SubmitRun } from '@cairn/api';
import type { Principal } from '../auth/principal.js';
import type { WorkspaceRef } from '../http/implement.js';
import type { RunService } from '../runs/run-service.js';
import type { ExecutionRecord, ExecutionStore } from './execution-store.js';
import type { LogHub } from './log-hub.js';
import type { LogStore } from './log-store.js';
import { checkSubmission, type SubmitDeps } from './submit-checks.js';
import { runVariables } from './run-variables.js';
import { trace } from './trace.js';

export interface ExecutionServiceDeps extends SubmitDeps {
  runs: RunService;
  executions: ExecutionStore;
  logs: LogStore;
  hub: LogHub;
  /** Reads a vault secret's value. */
  readSecret(workspaceId: number, name: string): Promise<string>;
  /** Wakes the dispatcher after a submission. */
  nudge(): void;
  heartbeatSeconds: number;
  now: () => number;
}

export class ExecutionService {
  constructor(private readonly deps: ExecutionServiceDeps) {}

  /** Checks a submission, creates its run and queues it; nothing is created when a check fails. */
  async submit(workspace: WorkspaceRef, principal: Principal, body: z.output<typeof SubmitRun>): Promise<Run> {
    const { runConfig, snapshotId } = body;
    const environment = await checkSubmission(this.deps, workspace, runConfig, snapshotId);
    const run = await this.deps.runs.create(workspace, principal, {
      experiment: body.experiment, displayName: body.displayName, description: body.description, type: 'azureml.scriptrun',
      parentRunId: body.parentRunId, status: 'NotStarted', computeTarget: runConfig.compute, tags: body.tags,
      properties: { ...body.properties, snapshotId, ContentSnapshotId: snapshotId, 'azureml.runsource': 'experiment' },
    });
    await this.deps.executions.create({
      runId: run.id, workspaceId: workspace.id, target: runConfig.compute, runConfig, snapshotId, environment: environment ?? null, queuedAt: this.deps.now(),
    });
    const queued = await this.deps.runs.update(workspace, run.id, { status: 'Queued', statusReason: `waiting for compute target ${runConfig.compute}` });
    trace(`submit: run ${run.id} queued`);
    this.deps.nudge();
    return queued;
  }

  /** The execution of a submitted run, or RUN_NOT_FOUND. */
  async require(workspace: WorkspaceRef, runId: string): Promise<ExecutionRecord> {
    const execution = await this.deps.executions.get(runId);
    if (!execution || execution.workspaceId !== workspace.id) {
      throw new NotFoundError('RUN_NOT_FOUND', `run ${runId} in workspace ${workspace.name} was not submitted for execution`);
    }
    return execution;
  }

  /** What the runner reads to run the run. */
  async spec(workspace: WorkspaceRef, runId: string): Promise<RunSpec> {
    const execution = await this.require(workspace, runId);
    const run = await this.deps.runs.get(workspace, runId);
    return {
      runId, workspace: workspace.name, experiment: run.experiment, runConfig: execution.runConfig, snapshotId: execution.snapshotId,
      environment: { ref: execution.runConfig.environment, spec: execution.environment ?? null },
      variables: runVariables(run, workspace), heartbeatSeconds: this.deps.heartbeatSeconds,
    };
  }

  /** Records a heartbeat; the answer tells the runner to stop when the run was canceled. */
  async heartbeat(workspace: WorkspaceRef, runId: string, statusReason?: string): Promise<{ cancelRequested: boolean; status: string }> {
    const execution = await this.require(workspace, runId);
    await this.deps.executions.heartbeat(runId, this.deps.now());
    let run = await this.deps.runs.get(workspace, runId);
    if (run.status === 'NotResponding') run = await this.deps.runs.update(workspace, runId, { status: 'Running', statusReason: 'heartbeats resumed' });
    else if (statusReason !== undefined && statusReason !== run.statusReason && !isTerminal(run.status)) {
      run = await this.deps.runs.update(workspace, runId, { statusReason });
      this.deps.hub.notify(runId);
    }
    const cancelRequested = execution.cancelRequested || run.status === 'CancelRequested' || run.status === 'Canceled';
    return { cancelRequested, status: run.status };
  }

  /** Appends a batch of lines (stored once per batch key) and wakes followers. */
  async appendLogs(workspace: WorkspaceRef, runId: string, body: z.output<typeof AppendLogs>): Promise<{ stored: number }> {
    await this.deps.runs.require(workspace, runId);
    const time = body.time ?? this.deps.now();
    const lines = body.lines.map((text) => ({ rank: body.rank, stream: body.stream, text, time }));
    const stored = await this.deps.logs.append(runId, body.batchKey, lines);
    if (stored > 0) this.deps.hub.notify(runId);
    return { stored };
  }

  /** Stored lines after a cursor. */
  async logs(workspace: WorkspaceRef, runId: string, query: z.output<typeof LogQuery>): Promise<{ items: LogLine[]; nextCursor?: number }> {
    await this.deps.runs.require(workspace, runId);
    const items = await this.deps.logs.read(runId, { rank: query.rank, stream: query.stream, after: query.after, limit: query.top });
    return items.length === query.top ? { items, nextCursor: items.at(-1)!.cursor } : { items };
  }

  /** A secret the run's configuration grants; each read is recorded in the run's system log. */
  async secret(workspace: WorkspaceRef, principal: Principal, runId: string, name: string): Promise<{ name: string; value: string }> {
    const execution = await this.require(workspace, runId);
    if (principal.runId !== runId) throw new AuthError('FORBIDDEN', `only the run token of run ${runId} reads its secrets`);
    if (!execution.runConfig.secrets.includes(name)) {
      throw new AuthError('FORBIDDEN', `run ${runId} may not read secret ${name}: its run configuration grants ${execution.runConfig.secrets.join(', ') || 'no secrets'}`);
    }
    const value = await this.deps.readSecret(workspace.id, name);
    const now = this.deps.now();
    await this.deps.logs.append(runId, `secret-read-${name}-${now}-${Math.random()}`, [{ rank: 0, stream: 'system', text: `secret ${name} read by the run`, time: now }]);
    await this.deps.runs.addProperties(workspace, runId, { [`cairn.secret_read.${name}`]: 'true' }).catch(() => undefined);
    return { name, value };
  }
}
