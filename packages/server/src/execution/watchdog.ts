/**
 * Notices runners that fell silent: a running run without a heartbeat for `notRespondingMs`
 * becomes `NotResponding`, and after `failMs` it is failed with RUNNER_NOT_RESPONDING (or, when a
 * cancel was asked for, ends Canceled) and its backend is told to stop whatever is left of it.
 */
import type { TokenService } from '../auth/token-service.js';
import type { ComputeTargets } from '../compute/compute-targets.js';
import type { RunService } from '../runs/run-service.js';
import type { SilenceReason } from './compute-backend.js';
import type { ExecutionRecord, ExecutionStore } from './execution-store.js';
import type { LogHub } from './log-hub.js';

export interface WatchdogDeps {
  executions: ExecutionStore;
  targets: ComputeTargets;
  runs: RunService;
  tokens: TokenService;
  hub: LogHub;
  notRespondingMs: number;
  failMs: number;
  now: () => number;
  log: (message: string, error?: unknown) => void;
}

/** The run update for a job its scheduler ended (time limit, node failure, preemption, scancel): its words, as Canceled or Failed. */
export function endedBySchedulerUpdate(ended: { status: 'Failed' | 'Canceled'; message: string }) {
  return ended.status === 'Canceled'
    ? { status: 'Canceled' as const, statusReason: ended.message }
    : { status: 'Failed' as const, error: { code: 'COMPUTE_JOB_ENDED', message: ended.message } };
}

export class Watchdog {
  constructor(private readonly deps: WatchdogDeps) {}

  /** One pass: retire ended runs (their tokens stop working), then look at the silent ones. */
  async tick(): Promise<void> {
    for (const execution of await this.deps.executions.ended()) await this.retire(execution);
    const now = this.deps.now();
    for (const execution of await this.deps.executions.silentSince(now - this.deps.notRespondingMs)) {
      const silentMs = now - (execution.lastHeartbeatAt ?? now);
      await this.handle(execution, silentMs).catch((error) => this.deps.log(`watchdog: run ${execution.runId}`, error));
    }
  }

  private async retire(execution: ExecutionRecord): Promise<void> {
    if (execution.tokenId) await this.deps.tokens.revoke(execution.tokenId).catch((error) => this.deps.log(`revoking the token of run ${execution.runId}`, error));
    await this.deps.executions.setPhase(execution.runId, 'ended');
  }

  private async handle(execution: ExecutionRecord, silentMs: number): Promise<void> {
    const workspace = { id: execution.workspaceId, name: execution.workspace };
    const run = await this.deps.runs.require(workspace, execution.runId);
    const seconds = Math.round(silentMs / 1000);
    const why = await this.explain(execution);
    if (why && 'waiting' in why) {
      // The scheduler holds the job: the silence clock starts when it runs.
      await this.deps.executions.heartbeat(run.id, this.deps.now());
      if (run.statusReason !== why.waiting) await this.deps.runs.update(workspace, run.id, { statusReason: why.waiting });
    } else if (silentMs >= this.deps.failMs || why) {
      const canceling = run.status === 'CancelRequested';
      await this.deps.runs.update(workspace, run.id, why && 'ended' in why
        ? endedBySchedulerUpdate(why.ended)
        : canceling
        ? { status: 'Canceled', statusReason: `canceled; the runner sent no heartbeat for ${seconds} s` }
        : { status: 'Failed', error: { code: 'RUNNER_NOT_RESPONDING', message: `the runner stopped sending heartbeats (none for ${seconds} s): its process or node died`, details: { lastHeartbeatAt: execution.lastHeartbeatAt } } });
      await this.deps.executions.setPhase(run.id, 'ended');
      if (execution.handle) await this.deps.targets.require(execution.target).cancel({ runId: run.id, handle: execution.handle });
    } else if (run.status === 'Running') {
      // Only a running run goes NotResponding: heartbeats resuming move it back to Running, which
      // would be a step back for a run still Preparing or already Finalizing.
      await this.deps.runs.update(workspace, run.id, { status: 'NotResponding', statusReason: `no heartbeat from the runner for ${seconds} s` });
    } else {
      return;
    }
    this.deps.hub.notify(run.id);
  }

  /** What the target's scheduler says about a silent runner; nothing when it cannot say. */
  private async explain(execution: ExecutionRecord): Promise<SilenceReason> {
    const backend = this.deps.targets.require(execution.target);
    if (!backend.explainSilence || !execution.handle) return null;
    return backend.explainSilence({ runId: execution.runId, handle: execution.handle }).catch(() => null);
  }
}
