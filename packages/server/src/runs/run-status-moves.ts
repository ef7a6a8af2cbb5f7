/** What a status move changes on a run, and the conflict an illegal move raises. */
import { ConflictError, canTransition, isTerminal, type RunStatus } from '@cairn/api';
import type { RunChanges, RunError, RunRecord } from './run-store.js';

// Statuses a run reaches only once its code has started; reaching one first sets `startedAt`.
const started: readonly RunStatus[] = ['Running', 'NotResponding', 'Finalizing'];

/** The columns a move of `run` to `to` at `now` changes; throws INVALID_STATUS_TRANSITION when the move goes backwards. */
export function statusMove(run: RunRecord, to: RunStatus, now: number, extra: { statusReason?: string | null; error?: RunError } = {}): RunChanges {
  if (!canTransition(run.status, to)) throw illegalMove(run, to);
  const changes: RunChanges = { status: to, statusReason: extra.statusReason ?? null };
  if (run.startedAt === null && started.includes(to)) changes.startedAt = now;
  if (isTerminal(to)) changes.endedAt = now;
  if (to === 'Failed' && extra.error) changes.error = extra.error;
  return changes;
}

function illegalMove(run: RunRecord, to: RunStatus): ConflictError {
  const why = isTerminal(run.status) ? 'a run that ended never changes status again' : 'runs only move forward';
  return new ConflictError('INVALID_STATUS_TRANSITION', `run ${run.id} is ${run.status} and cannot move to ${to}: ${why}`,
    { runId: run.id, currentStatus: run.status, requestedStatus: to });
}
