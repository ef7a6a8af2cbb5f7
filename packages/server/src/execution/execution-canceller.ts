/** Cancel of a submitted run: a queued one ends at once, a started one is stopped by its backend. */
import type { ComputeTargets } from '../compute/compute-targets.js';
import type { RunCanceller } from '../runs/run-service.js';
import type { RunRecord } from '../runs/run-store.js';
import type { ExecutionStore } from './execution-store.js';

export class ExecutionCanceller implements RunCanceller {
  constructor(
    private readonly executions: ExecutionStore,
    private readonly targets: ComputeTargets,
    private readonly log: (message: string, error: unknown) => void,
  ) {}

  async cancel(run: RunRecord): Promise<'Canceled' | 'CancelRequested'> {
    const execution = await this.executions.get(run.id);
    if (!execution || execution.phase === 'queued' || execution.phase === 'ended') {
      if (execution) await this.executions.setPhase(run.id, 'ended');
      return 'Canceled';
    }
    await this.executions.requestCancel(run.id);
    // The runner also learns of the cancel from its next heartbeat, so a backend failure here only delays it.
    if (execution.handle) {
      this.targets.require(execution.target).cancel({ runId: run.id, handle: execution.handle }).catch((error) => this.log(`cancel of run ${run.id} on ${execution.target} failed`, error));
    }
    return 'CancelRequested';
  }
}
