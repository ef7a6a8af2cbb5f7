/**
 * At server start, every target's started runs are asked after once the stored targets are loaded:
 * a runner still alive (local: same pid and process start time; Slurm: a live job named after the
 * run; SSH: the pid file's process) keeps its run, which finishes normally as the runner reconnects.
 * One that ended while the server was down ends its run at once — with the scheduler's reason where it
 * has one (time limit, node failure, scancel), else RUNNER_GONE — instead of waiting for the
 * heartbeat watchdog. A target that cannot be asked (Slurm unreachable) says `unknown`: nothing is
 * declared lost, and the watchdog decides later.
 */
import type { ComputeTargets } from '../compute/compute-targets.js';
import type { RunService } from '../runs/run-service.js';
import type { BackendHandle, ComputeBackend } from './compute-backend.js';
import type { ExecutionRecord, ExecutionStore } from './execution-store.js';
import type { LogHub } from './log-hub.js';
import { endedBySchedulerUpdate } from './watchdog.js';

export interface ReconcileDeps {
  executions: ExecutionStore;
  targets: ComputeTargets;
  runs: RunService;
  hub: LogHub;
  log: (message: string, error?: unknown) => void;
}

/** Reconciles the started runs of every compute target with their runners or scheduler jobs. */
export async function reconcileStartedRuns(deps: ReconcileDeps): Promise<void> {
  for (const { name, backend } of deps.targets.entries()) {
    await reconcileTarget(deps, name, backend).catch((error) => deps.log(`reconciling the runs on ${name}`, error));
  }
}

async function reconcileTarget(deps: ReconcileDeps, target: string, backend: ComputeBackend): Promise<void> {
  const started = (await deps.executions.active(target)).filter((e) => e.phase === 'started' && e.handle);
  if (started.length === 0) return;
  const presence = await backend.reconcile(started.map((e) => ({ runId: e.runId, handle: e.handle! })));
  for (const execution of started.filter((e) => presence.get(e.runId) === 'gone')) {
    await endGone(deps, backend, execution).catch((error) => deps.log(`reconciling run ${execution.runId}`, error));
  }
}

async function endGone(deps: ReconcileDeps, backend: ComputeBackend, execution: ExecutionRecord): Promise<void> {
  const workspace = { id: execution.workspaceId, name: execution.workspace };
  const handle = execution.handle!;
  const why = backend.explainSilence ? await backend.explainSilence({ runId: execution.runId, handle }).catch(() => null) : null;
  const message = `the runner (${describeHandle(handle)}) ended while the server was down; the run did not finish`;
  await deps.runs.update(workspace, execution.runId, why && 'ended' in why
    ? endedBySchedulerUpdate(why.ended)
    : { status: 'Failed', error: { code: 'RUNNER_GONE', message, details: { handle } } });
  await deps.executions.setPhase(execution.runId, 'ended');
  deps.hub.notify(execution.runId);
}

function describeHandle(handle: BackendHandle): string {
  if (handle.jobId !== undefined) return `Slurm job ${handle.jobId}`;
  if (handle.host !== undefined) return `pid ${handle.pid} on ${handle.host}`;
  return `pid ${handle.pid}`;
}
