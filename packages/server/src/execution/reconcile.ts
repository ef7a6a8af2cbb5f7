/**
 * At server start, the local target's runs that were executing are asked after: a runner still alive
 * (same pid, same process start time) keeps its run, which finishes normally as it reconnects; a
 * runner that disappeared while the server was down fails its run at once with RUNNER_GONE instead of
 * waiting for the heartbeat watchdog. Other targets' schedulers answer for their own runs (watchdog).
 */
import type { ComputeTargets } from '../compute/compute-targets.js';
import type { RunService } from '../runs/run-service.js';
import type { ExecutionRecord, ExecutionStore } from './execution-store.js';
import type { LogHub } from './log-hub.js';

export interface ReconcileDeps {
  executions: ExecutionStore;
  targets: ComputeTargets;
  runs: RunService;
  hub: LogHub;
  log: (message: string, error?: unknown) => void;
}

/** Reconciles the local target's started runs with their runner processes. */
export async function reconcileLocalRuns(deps: ReconcileDeps): Promise<void> {
  const backend = deps.targets.require('local');
  const started = (await deps.executions.active('local')).filter((e) => e.phase === 'started' && e.handle);
  if (started.length === 0) return;
  const presence = await backend.reconcile(started.map((e) => ({ runId: e.runId, handle: e.handle! })));
  // Alive: nothing to do, the runner reconnects. Unknown (another host): the watchdog decides.
  for (const execution of started.filter((e) => presence.get(e.runId) === 'gone')) {
    await failGone(deps, execution).catch((error) => deps.log(`reconciling run ${execution.runId}`, error));
  }
}

async function failGone(deps: ReconcileDeps, execution: ExecutionRecord): Promise<void> {
  const workspace = { id: execution.workspaceId, name: execution.workspace };
  const message = `the runner (pid ${execution.handle?.pid}) disappeared while the server was down; the run did not finish`;
  await deps.runs.update(workspace, execution.runId, { status: 'Failed', error: { code: 'RUNNER_GONE', message, details: { handle: execution.handle } } });
  await deps.executions.setPhase(execution.runId, 'ended');
  deps.hub.notify(execution.runId);
}
