/**
 * The `slurm` compute target: one Slurm job per run, named after the run id, whose batch step runs
 * the same runner as the local target. Restarts never submit twice (a job with the run's name is
 * reused) and never lose a job (reconciliation asks Slurm by job name, not by a remembered id).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SchedulerUnreachableError, type ActiveRun, type BackendHandle, type ComputeBackend, type RunLaunch, type RunPresence, type SilenceReason } from '../compute-backend.js';
import type { RunnerBundle } from '../../compute/runner-bundle.js';
import { fetchRunnerScript, quotedCache, shellQuote as quote } from '../../compute/runner-fetch.js';
import { SlurmCommandError, type SlurmClient, type SlurmJob } from './slurm-client.js';

/** A Slurm target's settings, as `cairn compute create --type slurm` stores them. */
export interface SlurmSettings {
  partition: string;
  /** Nodes Cairn's runs hold at once on this target. */
  maxNodes: number;
  account?: string | null;
  qos?: string | null;
  /** Slurm's time format (`30`, `1:00:00`, `2-00:00:00`). */
  timeLimit?: string | null;
  gres?: string | null;
  /** Node-local directory for the runner's cache (snapshots, environments). */
  runnerCache?: string | null;
}

export interface SlurmBackendOptions {
  settings: SlurmSettings;
  client: SlurmClient;
  /**
   * How a node gets the runner: the server's bundle, fetched by the job script into the runner cache
   * when missing (nodes need `node` and `curl` or `python3`), or a command the nodes can already run.
   */
  runner: { bundle: () => Promise<RunnerBundle> } | { command: string[] };
  /** Where the batch step's own output goes (`<runId>-<jobId>.out`); must exist on the nodes. */
  outputDir: string;
}

/** Job states in which the job still holds or waits for nodes. */
const LIVE_STATES = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'RESIZING', 'REQUEUED', 'STAGE_OUT', 'SIGNALING']);

/** Whether a Slurm job state is still live. */
export function isLiveState(state: string): boolean {
  return LIVE_STATES.has(state);
}

/** How a run ends when Slurm ended its job, in Slurm's words; null while the job lives or when it ended on its own. */
export function slurmOutcome(job: SlurmJob): { status: 'Failed' | 'Canceled'; message: string } | null {
  const why = job.reason ? ` (${job.reason})` : '';
  switch (job.state) {
    case 'TIMEOUT': return { status: 'Failed', message: `Slurm ended job ${job.jobId}: time limit reached${why}` };
    case 'NODE_FAIL': return { status: 'Failed', message: `Slurm ended job ${job.jobId}: node failure${why}` };
    case 'OUT_OF_MEMORY': return { status: 'Failed', message: `Slurm ended job ${job.jobId}: out of memory${why}` };
    case 'BOOT_FAIL': case 'DEADLINE': return { status: 'Failed', message: `Slurm ended job ${job.jobId}: ${job.state}${why}` };
    case 'PREEMPTED': return { status: 'Canceled', message: `Slurm preempted job ${job.jobId}${why}` };
    case 'CANCELLED': return { status: 'Canceled', message: `Slurm canceled job ${job.jobId}${why}` };
    default: return null;
  }
}

export class SlurmBackend implements ComputeBackend {
  readonly type = 'slurm';

  constructor(private readonly options: SlurmBackendOptions) {}

  /** The nodes Cairn's runs may hold at once (`--max-nodes`). */
  capacity(): number {
    return this.options.settings.maxNodes;
  }

  /** A run holds its `node_count` nodes. */
  holds(nodeCount: number): number {
    return nodeCount;
  }

  /** The Slurm job id, as a write-once run property. */
  properties(handle: BackendHandle): Record<string, string> {
    return { 'cairn.slurm.job_id': String(handle.jobId) };
  }

  /** Submits the run's job; Slurm out of reach is a SchedulerUnreachableError (the run stays queued), a refusal a SlurmCommandError. */
  async submit(run: RunLaunch): Promise<BackendHandle> {
    try {
      return await this.submitJob(run);
    } catch (error) {
      if (error instanceof SlurmCommandError && error.unreachable) throw new SchedulerUnreachableError(error.message);
      throw error;
    }
  }

  private async submitJob(run: RunLaunch): Promise<BackendHandle> {
    const existing = (await this.options.client.jobs([run.runId])).find((job) => isLiveState(job.state));
    if (existing) return { jobId: existing.jobId, jobName: run.runId };
    mkdirSync(this.options.outputDir, { recursive: true });
    const runner = this.options.runner;
    const version = 'bundle' in runner ? (await runner.bundle()).version : null;
    // The token travels in the job's environment (sbatch exports it), never in the script or on a command line.
    const jobId = await this.options.client.submit(this.sbatchArgs(run), this.script(run, version), { CAIRN_RUN_TOKEN: run.token });
    return { jobId, jobName: run.runId };
  }

  /** `sbatch` flags of a run: its name, nodes and tasks, and the target's settings. */
  sbatchArgs(run: RunLaunch): string[] {
    const s = this.options.settings;
    const args = [
      `--job-name=${run.runId}`, `--partition=${s.partition}`, `--nodes=${run.nodeCount}`, `--ntasks-per-node=${run.processCountPerNode}`, '--no-requeue',
      `--output=${join(this.options.outputDir, `${run.runId}-%j.out`)}`, '--export=ALL',
    ];
    if (s.account) args.push(`--account=${s.account}`);
    if (s.qos) args.push(`--qos=${s.qos}`);
    if (s.timeLimit) args.push(`--time=${s.timeLimit}`);
    if (s.gres) args.push(`--gres=${s.gres}`);
    return args;
  }

  /**
   * The batch script: the runner replaces the shell, so Slurm's signals reach it directly. On several
   * nodes it starts the ranks with srun, rank 0 on the first node at the address Slurm reaches it by.
   */
  script(run: RunLaunch, bundleVersion: string | null = null): string {
    const cache = quotedCache(this.options.settings.runnerCache);
    const runner = this.options.runner;
    const fetch = bundleVersion === null ? '' : fetchRunnerScript(run, bundleVersion, cache);
    const command = bundleVersion === null && 'command' in runner ? runner.command.map(quote).join(' ') : 'node "$runner"';
    const args = ['--url', run.serverUrl, '--workspace', run.workspace, '--run-id', run.runId].map(quote);
    const multiNode = run.nodeCount > 1 ? MULTI_NODE : '';
    return `#!/bin/sh\n${fetch}${multiNode}exec ${command} ${args.join(' ')} --cache-dir ${cache}\n`;
  }

  async cancel(run: ActiveRun): Promise<void> {
    const jobs = await this.jobsOf([run]);
    for (const job of jobs.filter((j) => isLiveState(j.state))) await this.options.client.cancel(job.jobId);
  }

  async reconcile(active: readonly ActiveRun[]): Promise<Map<string, RunPresence>> {
    const result = new Map<string, RunPresence>();
    let jobs: SlurmJob[];
    try {
      jobs = await this.jobsOf(active);
    } catch {
      // Slurm unreachable: nothing is known, nothing is declared lost.
      for (const run of active) result.set(run.runId, 'unknown');
      return result;
    }
    for (const run of active) {
      const mine = jobs.filter((job) => job.name === run.runId);
      result.set(run.runId, mine.some((job) => isLiveState(job.state)) ? 'alive' : 'gone');
    }
    return result;
  }

  /** The Slurm jobs of runs, found by job name (the run id). */
  async jobsOf(runs: readonly Pick<ActiveRun, 'runId'>[]): Promise<SlurmJob[]> {
    return this.options.client.jobs(runs.map((r) => r.runId));
  }

  /** A pending job waits with Slurm's reason; a job Slurm ended (time limit, node failure, preemption) says so. */
  async explainSilence(run: ActiveRun): Promise<SilenceReason> {
    const jobs = await this.jobsOf([run]);
    const pending = jobs.find((j) => j.state === 'PENDING');
    if (pending) return { waiting: `waiting for Slurm job ${pending.jobId}: ${pending.reason || 'not scheduled yet'}` };
    if (jobs.some((j) => isLiveState(j.state))) return null;
    const outcome = jobs.map(slurmOutcome).find((o) => o !== null);
    return outcome ? { ended: outcome } : null;
  }

  async close(): Promise<void> {}
}

// The first node's NodeAddr, not its name: Slurm reaches nodes by address, and names need not resolve.
const MULTI_NODE = [
  'first=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)',
  'CAIRN_MASTER_ADDR=$(scontrol show node -o "$first" | sed -n \'s/.* NodeAddr=\\([^ ]*\\).*/\\1/p\')',
  'export CAIRN_MASTER_ADDR="${CAIRN_MASTER_ADDR:-$first}" CAIRN_RANK_LAUNCHER=srun',
  '',
].join('\n');
