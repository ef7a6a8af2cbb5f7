/**
 * The dispatcher moves `Queued` runs to their compute target when it has room. A run is started
 * only by the dispatcher holding its lease in the database, so two servers on one PostgreSQL never
 * start a run twice; a lease whose holder died before starting the run expires and is taken over.
 */
import { randomUUID } from 'node:crypto';
import type { TokenService } from '../auth/token-service.js';
import type { ComputeTargets } from '../compute/compute-targets.js';
import type { RunService } from '../runs/run-service.js';
import type { ExecutionRecord, ExecutionStore } from './execution-store.js';
import type { LogHub } from './log-hub.js';

export interface DispatcherDeps {
  executions: ExecutionStore;
  targets: ComputeTargets;
  runs: RunService;
  tokens: TokenService;
  hub: LogHub;
  /** The URL runners reach the server at; null until it listens. */
  serverUrl(): string | null;
  leaseMs: number;
  now: () => number;
  log: (message: string, error?: unknown) => void;
}

export class Dispatcher {
  /** This dispatcher's lease owner name. */
  readonly id = `dispatcher-${randomUUID()}`;
  private readonly reasons = new Map<string, string>();

  constructor(private readonly deps: DispatcherDeps) {}

  /** One pass over every target: start what fits, tell the rest how many runs are ahead. */
  async tick(): Promise<void> {
    if (this.deps.serverUrl() === null) return;
    for (const { name, backend } of this.deps.targets.entries()) {
      const active = await this.deps.executions.active(name);
      const queued = await this.deps.executions.queued(name);
      const free = Math.max(0, backend.capacity() - active.length);
      for (const [index, execution] of queued.entries()) {
        if (index < free) await this.start(execution);
        else await this.sayWaiting(execution, index - free + 1, name);
      }
    }
  }

  private async start(execution: ExecutionRecord): Promise<void> {
    const now = this.deps.now();
    this.reasons.delete(execution.runId);
    if (!(await this.deps.executions.claim(execution.runId, this.id, now, now + this.deps.leaseMs))) return;
    const workspace = { id: execution.workspaceId, name: execution.workspace };
    try {
      const run = await this.deps.runs.require(workspace, execution.runId);
      const token = await this.deps.tokens.createRunToken(run.id, run.createdBy);
      // Said before the runner starts, which then reports its own progress.
      await this.deps.runs.update(workspace, run.id, { statusReason: `starting on ${execution.target}` }).catch(() => undefined);
      const distribution = execution.runConfig.distribution;
      const handle = await this.deps.targets.require(execution.target).submit({
        runId: run.id, workspace: workspace.name, serverUrl: this.deps.serverUrl()!, token: token.token,
        nodeCount: distribution?.node_count ?? 1, processCountPerNode: distribution?.process_count_per_node ?? 1,
      });
      if (!(await this.deps.executions.markStarted(run.id, this.id, handle, token.id, this.deps.now()))) {
        this.deps.log(`run ${run.id}: lease lost while starting it`);
      }
      this.deps.hub.notify(run.id);
    } catch (error) {
      await this.failStart(execution, error);
    }
  }

  private async failStart(execution: ExecutionRecord, error: unknown): Promise<void> {
    this.deps.log(`run ${execution.runId}: could not start on ${execution.target}`, error);
    await this.deps.executions.setPhase(execution.runId, 'ended');
    const workspace = { id: execution.workspaceId, name: execution.workspace };
    const message = `the ${execution.target} compute target could not start the runner: ${(error as Error).message}`;
    await this.deps.runs.update(workspace, execution.runId, { status: 'Failed', error: { code: 'SPAWN_FAILED', message } }).catch(() => undefined);
    this.deps.hub.notify(execution.runId);
  }

  private async sayWaiting(execution: ExecutionRecord, ahead: number, target: string): Promise<void> {
    const reason = `waiting: ${ahead} run${ahead === 1 ? '' : 's'} ahead on ${target}`;
    if (this.reasons.get(execution.runId) === reason) return;
    this.reasons.set(execution.runId, reason);
    const workspace = { id: execution.workspaceId, name: execution.workspace };
    await this.deps.runs.update(workspace, execution.runId, { statusReason: reason }).catch(() => undefined);
  }
}
