/**
 * Creating and deleting compute targets: settings checked against the cluster before anything is
 * stored, a stored target loaded as a live backend, and no delete while runs are out on it.
 */
import { join } from 'node:path';
import { CairnError, ConflictError, CreateComputeTarget as CreateSchema, InputError, NotFoundError, SlurmTargetSettings, type ComputeTarget, type CreateComputeTarget, type UpdateComputeTarget } from '@cairn/api';
import type { ComputeBackend } from '../execution/compute-backend.js';
import type { ExecutionStore } from '../execution/execution-store.js';
import { SlurmBackend } from '../execution/slurm/slurm-backend.js';
import { SlurmCommandError, type SlurmClient } from '../execution/slurm/slurm-client.js';
import type { ComputeStore, StoredComputeTarget } from './compute-store.js';
import type { ComputeTargets } from './compute-targets.js';
import type { RunnerBundle } from './runner-bundle.js';
import { pinSshTarget, sshBackendOf, StoredSshSettings, type SecretReader } from './ssh-targets.js';

export interface ComputeServiceDeps {
  store: ComputeStore;
  targets: ComputeTargets;
  executions: ExecutionStore;
  slurm: SlurmClient;
  /** Vault secrets (SSH targets' private keys). */
  readSecret: SecretReader;
  /** The runner bundle nodes fetch (built on first use). */
  bundle: () => Promise<RunnerBundle>;
  /** Where Slurm jobs write their batch output (a directory the nodes share with the server). */
  outputDir: string;
  now: () => number;
}

export class ComputeService {
  constructor(private readonly deps: ComputeServiceDeps) {}

  /** Makes every stored target live; called once at start. */
  async load(): Promise<void> {
    for (const stored of await this.deps.store.list()) this.deps.targets.add({ name: stored.name, backend: this.backendOf(stored) });
  }

  /** Checks a new target against the cluster, stores it, and makes it live. */
  async create(raw: CreateComputeTarget, createdBy: string, workspaceId: number): Promise<StoredComputeTarget> {
    const input = CreateSchema.parse(raw);
    if (this.deps.targets.has(input.name)) throw new ConflictError('COMPUTE_TARGET_EXISTS', `a compute target named ${input.name} already exists`, { name: input.name });
    let settings: Record<string, unknown>;
    if (input.type === 'ssh') settings = await pinSshTarget(input.settings, workspaceId, this.deps.readSecret);
    else await this.checkSlurm((settings = input.settings) as SlurmTargetSettings);
    const stored = { name: input.name, type: input.type, settings, createdAt: this.deps.now(), createdBy };
    if (!(await this.deps.store.insert(stored))) throw new ConflictError('COMPUTE_TARGET_EXISTS', `a compute target named ${input.name} already exists`, { name: input.name });
    this.deps.targets.add({ name: stored.name, backend: this.backendOf(stored) });
    return stored;
  }

  /** Changes a stored target's settings, checked as at create; runs started later use them (running jobs keep theirs). */
  async update(name: string, changes: UpdateComputeTarget): Promise<StoredComputeTarget> {
    const stored = (await this.deps.store.list()).find((t) => t.name === name);
    if (!stored) {
      this.deps.targets.require(name);
      throw new InputError('INVALID_INPUT', `the ${name} compute target is built in; its settings come from the server's configuration`);
    }
    const wrong = Object.keys(changes).filter((k) => (stored.type === 'ssh' ? !['maxRuns', 'runnerCache'].includes(k) : k === 'maxRuns'));
    if (wrong.length > 0) throw new InputError('INVALID_INPUT', `${stored.type === 'ssh' ? 'an ssh' : 'a slurm'} target cannot change ${wrong.join(', ')}; ${stored.type === 'ssh' ? 'it takes --max-runs and --runner-cache' : 'it is capped with --max-nodes'}`, { fields: wrong });
    const merged = Object.fromEntries(Object.entries({ ...stored.settings, ...changes }).filter(([, v]) => v !== undefined));
    const settings = stored.type === 'ssh' ? StoredSshSettings.parse(merged) : SlurmTargetSettings.parse(merged);
    if ('account' in settings && changes.account) await this.checkSlurm(settings);
    if (!(await this.deps.store.updateSettings(name, settings))) throw new NotFoundError('COMPUTE_TARGET_NOT_FOUND', `no compute target named ${name}`, { name });
    const updated = { ...stored, settings };
    const previous = this.deps.targets.require(name);
    this.deps.targets.add({ name, backend: this.backendOf(updated) });
    await previous.close();
    return updated;
  }

  /** Deletes a stored target; refused while runs are queued or active on it, naming them. */
  async delete(name: string): Promise<void> {
    this.deps.targets.require(name);
    if (name === 'local') throw new InputError('INVALID_INPUT', 'the local compute target is built in and cannot be deleted');
    const runs = [...(await this.deps.executions.active(name)), ...(await this.deps.executions.queued(name))].map((e) => e.runId);
    if (runs.length > 0) throw new ConflictError('COMPUTE_TARGET_IN_USE', `runs are still out on ${name}: ${runs.join(', ')}; cancel them or wait for them to end`, { runs });
    await this.deps.store.delete(name);
    await this.deps.targets.remove(name);
  }

  /** The stored settings and, for Slurm, the partition's nodes and Cairn's jobs, added to a target's summary. */
  async details(summary: ComputeTarget): Promise<ComputeTarget> {
    const stored = (await this.deps.store.list()).find((t) => t.name === summary.name);
    if (!stored || stored.type === 'ssh') return stored ? { ...summary, settings: stored.settings } : summary;
    const backend = this.deps.targets.require(summary.name) as SlurmBackend;
    const partition = String(stored.settings.partition);
    try {
      const runIds = [...(await this.deps.executions.active(summary.name))].map((e) => e.runId);
      const [nodes, jobs] = await Promise.all([this.deps.slurm.nodes(), backend.jobsOf(runIds.map((runId) => ({ runId })))]);
      return {
        ...summary, settings: stored.settings,
        nodes: nodes.filter((n) => n.partition === partition).map(({ partition: _, ...n }) => n),
        jobs: jobs.map((j) => ({ jobId: j.jobId, runId: j.name, state: j.state, reason: j.reason, nodes: j.nodes })),
      };
    } catch (error) {
      return { ...summary, settings: stored.settings, error: (error as Error).message };
    }
  }

  private async checkSlurm(settings: SlurmTargetSettings): Promise<void> {
    const partitions = await this.ask(() => this.deps.slurm.partitions());
    if (!partitions.includes(settings.partition)) {
      throw new InputError('COMPUTE_SETTINGS_INVALID', `unknown Slurm partition ${settings.partition}; valid partitions: ${partitions.join(', ')}`, { partitions });
    }
    if (!settings.account) return;
    const accounts = await this.ask(() => this.deps.slurm.accounts());
    if (accounts === null) throw new InputError('COMPUTE_SETTINGS_INVALID', `the cluster keeps no accounting (sacctmgr has no accounts), so account ${settings.account} cannot be used; omit --account`, { accounts: [] });
    if (!accounts.includes(settings.account)) {
      throw new InputError('COMPUTE_SETTINGS_INVALID', `unknown Slurm account ${settings.account}; valid accounts: ${accounts.join(', ')}`, { accounts });
    }
  }

  /** Runs a Slurm query; a failing command becomes SCHEDULER_UNREACHABLE naming it and its stderr. */
  private async ask<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      if (!(error instanceof SlurmCommandError)) throw error;
      throw new CairnError('SCHEDULER_UNREACHABLE', error.message, { command: error.command, stderr: error.stderr });
    }
  }

  private backendOf(stored: StoredComputeTarget): ComputeBackend {
    if (stored.type === 'ssh') return sshBackendOf(stored.settings, this.deps.readSecret, this.deps.bundle);
    const settings = SlurmTargetSettings.parse(stored.settings);
    return new SlurmBackend({ settings, client: this.deps.slurm, runner: { bundle: this.deps.bundle }, outputDir: join(this.deps.outputDir, stored.name) });
  }
}
