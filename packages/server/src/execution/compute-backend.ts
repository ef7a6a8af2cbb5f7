/**
 * A compute backend starts runners for runs on a compute target and stops them. Every backend
 * starts the same runner program (`packages/runner`), which talks to the server over HTTP with a
 * run-scoped token and shares no disk or process tree with it; the local backend starts it as a
 * detached process, the Slurm backend (issue 4) with `sbatch`, the SSH backend on an attached host.
 */

/** What a backend needs to start the runner of one run. */
export interface RunLaunch {
  runId: string;
  workspace: string;
  /** Base URL of the server as the runner reaches it (no `/api/v1`). */
  serverUrl: string;
  /** Run-scoped bearer token; pass it in the environment (`CAIRN_RUN_TOKEN`), never on a command line. */
  token: string;
  /** Nodes × processes per node of the run configuration's distribution (1 × 1 when absent). */
  nodeCount: number;
  processCountPerNode: number;
}

/** Where a backend put a run, as it needs it later to cancel or reconcile (stored as JSON). */
export type BackendHandle = Record<string, string | number | boolean | null>;

/** A run the backend was asked to execute and has not yet seen end. */
export interface ActiveRun {
  runId: string;
  handle: BackendHandle;
}

/** What reconciliation learned about an active run. */
export type RunPresence = 'alive' | 'gone' | 'unknown';

/** Why a started run's runner is silent, when its target's scheduler knows: still waiting for nodes, or ended by the scheduler. */
export type SilenceReason = { waiting: string } | { ended: { status: 'Failed' | 'Canceled'; message: string } } | null;

export interface ComputeBackend {
  /** `local`, `slurm`, `ssh`. */
  readonly type: string;
  /** How many runs (or, with `holds`, nodes) the target gives Cairn at once; the dispatcher queues the rest. */
  capacity(): number;
  /** How much of `capacity()` a run of `nodeCount` nodes holds (Slurm: its nodes); one run each when absent. */
  holds?(nodeCount: number): number;
  /** Run properties a started run gets from its handle (Slurm: `cairn.slurm.job_id`); written once, as soon as the target answers. */
  properties?(handle: BackendHandle): Record<string, string>;
  /** Starts the runner of a run; resolves once it is started (or queued by the target's own scheduler). */
  submit(run: RunLaunch): Promise<BackendHandle>;
  /** Stops a run's runner: it gets SIGTERM (and stops its script), then SIGKILL after the grace period. */
  cancel(run: ActiveRun): Promise<void>;
  /** Whether each active run's runner is still there, after a server restart or periodically. */
  reconcile(active: readonly ActiveRun[]): Promise<Map<string, RunPresence>>;
  /** Schedulers (Slurm) say why a runner is silent: a waiting job is not a dead runner. */
  explainSilence?(run: ActiveRun): Promise<SilenceReason>;
  /** Releases what the backend holds (timers, connections); runners keep running. */
  close(): Promise<void>;
}

/**
 * The target's scheduler could not be reached (its command failed to contact it, or is missing): the
 * run was not started and stays `Queued`, and the dispatcher tries again later.
 */
export class SchedulerUnreachableError extends Error {}

/** A named compute target and its backend. */
export interface ComputeTargetEntry {
  name: string;
  backend: ComputeBackend;
}
