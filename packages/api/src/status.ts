/**
 * Run statuses, with v1's exact strings, and the forward-only state machine (DESIGN §4).
 */
export const runStatuses = [
  'NotStarted', 'Starting', 'Provisioning', 'Queued', 'Preparing', 'Running',
  'CancelRequested', 'NotResponding', 'Finalizing', 'Completed', 'Failed', 'Canceled',
] as const;
export type RunStatus = (typeof runStatuses)[number];

export const terminalStatuses: readonly RunStatus[] = ['Completed', 'Failed', 'Canceled'];

/** Whether a status is final: a run that reached it never changes status again. */
export function isTerminal(status: RunStatus): boolean {
  return terminalStatuses.includes(status);
}

/**
 * The rank of each status along a run's life: a run may only move to a higher rank (or to a
 * terminal status from anywhere not terminal). `Starting`/`Provisioning` are v1 names understood
 * where v1 clients send them; `NotResponding` may return to `Running` when heartbeats resume.
 */
const rank: Record<RunStatus, number> = {
  NotStarted: 0, Starting: 1, Provisioning: 2, Queued: 3, Preparing: 4, Running: 5,
  NotResponding: 6, CancelRequested: 7, Finalizing: 8, Completed: 9, Failed: 9, Canceled: 9,
};

/** Whether a run in status `from` may move to `to`. */
export function canTransition(from: RunStatus, to: RunStatus): boolean {
  if (isTerminal(from)) return false;
  if (isTerminal(to)) return true;
  if (from === 'NotResponding' && to === 'Running') return true;
  if (from === 'CancelRequested') return false;
  return rank[to] > rank[from];
}
