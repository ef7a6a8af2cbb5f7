/**
 * The dispatcher moves `Queued` runs to their compute target when it has room. A run is started
 * only by the dispatcher holding its lease in the database, so two servers on one PostgreSQL never
 * start a run twice; a lease whose holder died before starting the run expires and is taken over.
 */
import { randomUUID } from 'node:crypto';
import type { TokenService } from '../auth/token-service.js';
import type { ComputeTargets } from '../compute/compute-targets.js';
import type { RunService } from '../runs/run-service.js';
import { SchedulerUnreachableError, type ComputeBackend } from './compute-backend.js';
import type { ExecutionRecord, ExecutionStore } from './execution-store.js';
import type { LogHub } from './log-hub.js';
import { trace } from './trace.js';

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
  /** Runs whose target's scheduler was unreachable: attempts so far and when to try again. */
  private readonly retries = new Map<string, { attempts: number; at: number }>();

  constructor(private readonly deps: DispatcherDeps) {}

  /** One pass over every target: start what fits, tell the rest how many runs are ahead. */
  async tick(): Promise<void> {
    if (this.deps.serverUrl() === null) return;
    // Targets side by side: one whose scheduler takes its time to fail must not hold up the others.
    await Promise.all(this.deps.targets.entries().map(({ name, backend }) => this.dispatch(name, backend)));
  }

  /**
   * Starts a target's queued runs in order while what they hold (runs, or Slurm nodes) fits its
   * capacity; once one waits, the later ones wait behind it, so a large run is not starved.
   */
  private async dispatch(name: string, backend: ComputeBackend): Promise<void> {
    const holds = (e: ExecutionRecord) => backend.holds?.(e.runConfig.distribution?.node_count ?? 1) ?? 1;
    const capacity = backend.capacity();
    let used = (await this.deps.executions.active(name)).reduce((sum, e) => sum + holds(e), 0);
    let waiting = 0;
    for (const execution of await this.deps.executions.queued(name)) {
      const need = holds(execution);
      if (need > capacity) await this.say(execution, `waiting: this run needs ${need} nodes, more than ${name}'s max-nodes (${capacity}); raise it with cairn compute update ${name} --max-nodes, or cancel the run`);
      else if (waiting === 0 && used + need <= capacity) {
        if ((this.retries.get(execution.runId)?.at ?? 0) > this.deps.now()) waiting++;
        else await this.start(execution);
        used += need;
      } else await this.say(execution, waitingReason(++waiting, name, backend.holds ? { used, capacity, need } : null));
    }
  }

  private async start(execution: ExecutionRecord): Promise<void> {
    trace(`dispatcher: run ${execution.runId} picked up`);
    const now = this.deps.now();
    this.reasons.delete(execution.runId);
    if (!(await this.deps.executions.claim(execution.runId, this.id, now, now + this.deps.leaseMs))) return;
    const workspace = { id: execution.workspaceId, name: execution.workspace };
    let tokenId: string | null = null;
    try {
      const run = await this.deps.runs.require(workspace, execution.runId);
      const token = await this.deps.tokens.createRunToken(run.id, run.createdBy);
      tokenId = token.id;
      // Said before the runner starts, which then reports its own progress.
      await this.deps.runs.update(workspace, run.id, { statusReason: `starting on ${execution.target}` }).catch(() => undefined);
      const distribution = execution.runConfig.distribution;
      trace(`dispatcher: run ${run.id} leased, token made`);
      const backend = this.deps.targets.require(execution.target);
      const handle = await backend.submit({
        runId: run.id, workspace: workspace.name, serverUrl: this.deps.serverUrl()!, token: token.token,
        nodeCount: distribution?.node_count ?? 1, processCountPerNode: distribution?.process_count_per_node ?? 1,
      });
      this.retries.delete(run.id);
      await this.recordProperties(execution, backend.properties?.(handle));
      if (!(await this.deps.executions.markStarted(run.id, this.id, handle, token.id, this.deps.now()))) {
        this.deps.log(`run ${run.id}: lease lost while starting it`);
      }
      this.deps.hub.notify(run.id);
      trace(`dispatcher: run ${run.id} started`);
    } catch (error) {
      // The next attempt makes a new token: this one must not outlive the attempt.
      if (tokenId) await this.deps.tokens.revoke(tokenId).catch(() => undefined);
      if (error instanceof SchedulerUnreachableError) await this.retryLater(execution, error);
      else await this.failStart(execution, error);
    }
  }

  /** Properties the target gave the started run; a refusal (already set otherwise) is only logged. */
  private async recordProperties(execution: ExecutionRecord, properties: Record<string, string> | undefined): Promise<void> {
    if (!properties) return;
    const workspace = { id: execution.workspaceId, name: execution.workspace };
    await this.deps.runs.addProperties(workspace, execution.runId, properties).catch((error: unknown) => this.deps.log(`run ${execution.runId}: properties not recorded`, error));
  }

  /** The scheduler did not answer: the run stays Queued, says why, and is tried again after a growing pause (at most a minute). */
  private async retryLater(execution: ExecutionRecord, error: Error): Promise<void> {
    await this.deps.executions.release(execution.runId, this.id);
    const attempts = (this.retries.get(execution.runId)?.attempts ?? 0) + 1;
    const delayMs = Math.min(60_000, 1000 * 2 ** (attempts - 1));
    this.retries.set(execution.runId, { attempts, at: this.deps.now() + delayMs });
    await this.say(execution, `waiting: ${execution.target} unreachable (attempt ${attempts}, next in ${Math.round(delayMs / 1000)} s): ${error.message}`);
  }

  private async failStart(execution: ExecutionRecord, error: unknown): Promise<void> {
    this.deps.log(`run ${execution.runId}: could not start on ${execution.target}`, error);
    await this.deps.executions.setPhase(execution.runId, 'ended');
    const workspace = { id: execution.workspaceId, name: execution.workspace };
    const message = `the ${execution.target} compute target could not start the runner: ${(error as Error).message}`;
    await this.deps.runs.update(workspace, execution.runId, { status: 'Failed', error: { code: 'SPAWN_FAILED', message } }).catch(() => undefined);
    this.deps.hub.notify(execution.runId);
  }

  private async say(execution: ExecutionRecord, reason: string): Promise<void> {
    if (this.reasons.get(execution.runId) === reason) return;
    this.reasons.set(execution.runId, reason);
    const workspace = { id: execution.workspaceId, name: execution.workspace };
    await this.deps.runs.update(workspace, execution.runId, { statusReason: reason }).catch(() => undefined);
  }
}

/** Why a queued run waits: its place in the queue, and on a node-counting target (Slurm) the nodes Cairn's runs hold. */
function waitingReason(position: number, target: string, nodes: { used: number; capacity: number; need: number } | null): string {
  const ahead = `${position} run${position === 1 ? '' : 's'} ahead on ${target}`;
  if (!nodes) return `waiting: ${ahead}`;
  const held = `Cairn's runs hold ${nodes.used} of ${target}'s ${nodes.capacity} nodes (max-nodes) and this run needs ${nodes.need}`;
  return position === 1 ? `waiting: ${held}` : `waiting: ${held}; ${position - 1} run${position === 2 ? '' : 's'} ahead`;
}
