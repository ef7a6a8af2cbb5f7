/**
 * Brings deployments up: lays out the snapshot (entry script and source directory), prepares the
 * environment as a runner does, builds the scorer, and hands it to the registry, whose router moves
 * traffic to it only once it is Healthy and drains the generation before it. Rollouts of one
 * deployment run one after another; a superseded generation is skipped. The outcome is recorded.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareEnvironment } from '@cairn/runner';
import type { ReplicaLauncher, Scorer } from '@cairn/serving';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { WorkspaceRef } from '../http/implement.js';
import { layOut } from '../models/model-layout.js';
import type { ModelService } from '../models/model-service.js';
import type { SnapshotService } from '../snapshots/snapshot-service.js';
import { buildScorer } from './deployment-runtime.js';
import type { EndpointLogs } from './endpoint-logs.js';
import type { EndpointRegistry } from './endpoint-registry.js';
import type { DeploymentRecord, EndpointRecord, EndpointStore } from './endpoint-store.js';
import { collecting, type ModelDataLog } from './model-data.js';
import { decoratedSwagger, decoratorSchemas, swaggerDocument, userSwagger, type DecoratorSchemas } from './swagger.js';

/** What rollouts need. */
export interface RolloutDeps {
  store: EndpointStore;
  registry: EndpointRegistry;
  models: ModelService;
  snapshots: SnapshotService;
  environments: EnvironmentService;
  launcher: ReplicaLauncher;
  logs: EndpointLogs;
  modelData: (workspace: WorkspaceRef, endpoint: string) => ModelDataLog;
  /** `<data>/endpoints`. */
  dir: string;
  /** The bundled Python client (`azureml`, `cairn`), on the replicas' PYTHONPATH so v1 scripts can `Model.get_model_path`. */
  pythonDir: string | null;
  now: () => number;
}

/** One rollout to run: a deployment record and, for an update, the spec that serves until it is Healthy. */
export interface RolloutJob {
  workspace: WorkspaceRef;
  endpoint: EndpointRecord;
  deployment: DeploymentRecord;
  previous: Pick<DeploymentRecord, 'spec' | 'models'> | null;
}

const SUPERVISOR = 'cairn';

/** Runs the rollouts of this server. */
export class DeploymentRollouts {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly latest = new Map<string, number>();
  private readonly servingGeneration = new Map<string, number>();
  private readonly starting = new Map<string, Scorer>();
  /** Per deployment: the schemas the decorators of a generation's replicas declared. */
  private readonly decorated = new Map<string, { generation: number; schemas: DecoratorSchemas }>();
  private closed = false;

  constructor(private readonly deps: RolloutDeps) {}

  private key(workspace: WorkspaceRef, endpoint: string, deployment: string): string {
    return `${workspace.id}/${endpoint}/${deployment}`;
  }

  /** The generation of a deployment taking traffic, if any. */
  serving(workspace: WorkspaceRef, endpoint: string, deployment: string): number | null {
    return this.servingGeneration.get(this.key(workspace, endpoint, deployment)) ?? null;
  }

  /** The runtime of a generation still starting, if any (its replicas show while the old ones serve). */
  startingScorer(workspace: WorkspaceRef, endpoint: string, deployment: string): Scorer | undefined {
    return this.starting.get(this.key(workspace, endpoint, deployment));
  }

  /** Queues a rollout behind earlier ones of the same deployment; resolves once it ended. */
  start(job: RolloutJob): Promise<void> {
    const key = this.key(job.workspace, job.endpoint.name, job.deployment.name);
    this.latest.set(key, Math.max(this.latest.get(key) ?? 0, job.deployment.generation));
    const next = (this.chains.get(key) ?? Promise.resolve()).then(() => this.run(key, job));
    this.chains.set(key, next);
    return next;
  }

  private async run(key: string, job: RolloutJob): Promise<void> {
    const { workspace, endpoint, deployment } = job;
    if (this.closed || this.latest.get(key) !== deployment.generation) return;
    const say = (line: string) => this.deps.logs.write(workspace.id, endpoint.name, deployment.name, SUPERVISOR, line);
    say(`generation ${deployment.generation}: starting ${deployment.spec.settings.minReplicas} replica(s) of ${deployment.models.map((m) => `${m.name}:${m.version}`).join(', ')}`);
    try {
      const scorer = await this.build(job, say);
      this.starting.set(key, scorer);
      const status = await this.deps.registry.deploy(workspace, endpoint.name, deployment.name, scorer).finally(() => this.starting.delete(key));
      if (status.state !== 'Healthy') throw new Error(status.error ?? `the deployment ended ${status.state}`);
      this.servingGeneration.set(key, deployment.generation);
      say(`generation ${deployment.generation}: Healthy with ${status.ready} replica(s); taking traffic`);
      await this.deps.store.finishRollout(deployment.id, deployment.generation, { state: 'Healthy', error: null, at: this.deps.now() });
      // It serves now: what follows must not turn it Failed.
      await this.afterHealthy(job, scorer).catch((error: Error) => say(`generation ${deployment.generation}: swagger or traffic not updated: ${error.message}`));
      await this.removeOlderGenerations(job).catch(() => {});
    } catch (error) {
      await this.fail(job, (error as Error).message, say);
    }
  }

  private async fail(job: RolloutJob, message: string, say: (line: string) => void): Promise<void> {
    if (this.closed) return;
    const kept = job.previous && this.serving(job.workspace, job.endpoint.name, job.deployment.name) !== null ? job.previous : null;
    say(`generation ${job.deployment.generation} failed${kept ? '; the previous generation keeps serving' : ''}: ${message}`);
    await this.deps.store.finishRollout(job.deployment.id, job.deployment.generation, {
      state: 'Failed', error: message, at: this.deps.now(), ...(kept ? { revert: kept } : {}),
    }).catch(() => {});
  }

  /** Routes by the endpoint's current split, and sets the swagger document. */
  private async afterHealthy(job: RolloutJob, scorer: Scorer): Promise<void> {
    const { workspace, endpoint } = job;
    const current = await this.deps.store.get(workspace.id, endpoint.name);
    if (!current || !this.deps.registry.has(workspace, endpoint.name)) return;
    this.deps.registry.applyTraffic(workspace, endpoint.name, current.traffic);
    const swagger = await this.swagger(job, scorer);
    if (swagger !== null) this.deps.registry.setSwagger(workspace, endpoint.name, swagger);
  }

  /** As v1: the user's swagger2.json, else the decorators' schemas, else the sample input and run()'s answer to it. */
  private async swagger({ workspace, endpoint, deployment }: RolloutJob, scorer: Scorer): Promise<unknown> {
    const reported = this.decorated.get(this.key(workspace, endpoint.name, deployment.name));
    const schemas = reported?.generation === deployment.generation ? reported.schemas : null;
    const own = await userSwagger(deployment.spec.snapshotId === null ? this.generationDir({ workspace, endpoint, deployment }) : this.sourcePath(deployment.spec.snapshotId));
    if (own !== null) return own;
    if (schemas) return decoratedSwagger(endpoint.name, schemas);
    const sample = deployment.spec.sampleInput;
    if (sample === null) return null;
    const outcome = await scorer.score(Buffer.from(sample));
    return swaggerDocument(endpoint.name, sample, outcome.status === 200 ? outcome.body.toString('utf8') : null);
  }

  private generationDir({ workspace, endpoint, deployment }: Pick<RolloutJob, 'workspace' | 'endpoint' | 'deployment'>): string {
    return join(this.deps.dir, String(workspace.id), endpoint.name, deployment.name, String(deployment.generation));
  }

  /** A replica's log line, unless it is the host's report of the decorators' schemas (kept for swagger.json). */
  private replicaLine(job: RolloutJob, replica: string, line: string): void {
    const schemas = decoratorSchemas(line);
    const { workspace, endpoint, deployment } = job;
    const key = this.key(workspace, endpoint.name, deployment.name);
    // A replaced replica of the generation before must not hide the newer generation's report.
    if (schemas && (this.decorated.get(key)?.generation ?? 0) <= deployment.generation) this.decorated.set(key, { generation: deployment.generation, schemas });
    else if (!schemas) this.deps.logs.write(workspace.id, endpoint.name, deployment.name, replica, line);
  }

  /** The router drained the generations before this one: their folders (models, scratch) can go. */
  private async removeOlderGenerations({ workspace, endpoint, deployment }: RolloutJob): Promise<void> {
    const dir = join(this.deps.dir, String(workspace.id), endpoint.name, deployment.name);
    const older = (await readdir(dir)).filter((name) => /^\d+$/.test(name) && Number(name) < deployment.generation);
    await Promise.all(older.map((name) => rm(join(dir, name), { recursive: true, force: true })));
  }

  private async build(job: RolloutJob, say: (line: string) => void): Promise<Scorer> {
    const { workspace, endpoint, deployment } = job;
    const dir = this.generationDir(job);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const sourceDir = deployment.spec.snapshotId === null ? dir : await this.source(workspace, deployment.spec.snapshotId);
    const spec = await this.deps.environments.resolve(workspace.id, deployment.spec.environment);
    const env = await prepareEnvironment(spec, { cacheDir: join(this.deps.dir, 'cache'), log: say });
    const log = (replica: string, line: string) => this.replicaLine(job, replica, line);
    const plan = {
      name: `${deployment.name}-g${deployment.generation}`, models: deployment.models.map((m) => `${m.name}:${m.version}`), entryScript: deployment.spec.entryScript,
      sourceDir, python: env.python, env: withPythonPath(env.env, this.deps.pythonDir), settings: deployment.spec.settings,
    };
    const scorer = await buildScorer({ models: this.deps.models, launcher: this.deps.launcher, log }, workspace, plan, dir);
    return deployment.spec.collectModelData ? collecting(scorer, deployment.name, this.deps.modelData(workspace, endpoint.name), this.deps.now) : scorer;
  }

  /** The snapshot's files under `<dir>/sources/<id>` (its id is its content hash, so one copy serves every deployment). */
  private async source(workspace: WorkspaceRef, snapshotId: string): Promise<string> {
    const target = this.sourcePath(snapshotId);
    const snapshot = await this.deps.snapshots.get(workspace, snapshotId);
    await mkdir(join(this.deps.dir, 'sources'), { recursive: true });
    await layOut(target, snapshot.files, (file) => this.deps.snapshots.read(file.sha256));
    return target;
  }

  private sourcePath(snapshotId: string): string {
    return join(this.deps.dir, 'sources', snapshotId);
  }

  /** Stops the deployments of an endpoint still starting (it is being deleted). */
  async abandon(workspace: WorkspaceRef, endpoint: string): Promise<void> {
    const prefix = `${workspace.id}/${endpoint}/`;
    for (const key of [...this.latest.keys()].filter((k) => k.startsWith(prefix))) {
      this.latest.delete(key);
      this.servingGeneration.delete(key);
      this.decorated.delete(key);
      await this.starting.get(key)?.stopAll();
    }
  }

  /** Forgets a deleted deployment. */
  forget(workspace: WorkspaceRef, endpoint: string, deployment: string): void {
    const key = this.key(workspace, endpoint, deployment);
    this.latest.delete(key);
    this.servingGeneration.delete(key);
    this.decorated.delete(key);
  }

  /** Stops starting deployments and waits for every rollout to end (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.starting.values()].map((s) => s.stopAll()));
    await Promise.all(this.chains.values());
  }
}

function withPythonPath(env: Record<string, string>, pythonDir: string | null): Record<string, string> {
  const path = [pythonDir, env.PYTHONPATH].filter(Boolean).join(':');
  return path ? { ...env, PYTHONPATH: path } : env;
}
