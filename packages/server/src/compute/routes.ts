import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { api, type ComputeTarget } from '@cairn/api';
import type { Database } from '../db/schema.js';
import { implement, type RouteEnv } from '../http/implement.js';
import type { ExecutionStore } from '../execution/execution-store.js';
import { SlurmCommands } from '../execution/slurm/slurm-client.js';
import { createReadStream } from 'node:fs';
import { NotFoundError } from '@cairn/api';
import { ComputeService } from './compute-service.js';
import { RunnerBundles } from './runner-bundle.js';
import type { ComputeTargets } from './compute-targets.js';
import { SqlComputeStore } from './sql-compute-store.js';

/** What stored (Slurm) targets need: the database and a data directory (for job output and the runner bundle). */
export interface ComputeRouteDeps {
  db: Kysely<Database>;
  /** Vault secrets, for SSH targets' private keys. */
  readSecret?: (workspaceId: number, name: string) => Promise<string>;
  dataDir: string;
  now: () => number;
}

async function describe(targets: ComputeTargets, executions: ExecutionStore, name: string): Promise<ComputeTarget> {
  const backend = targets.require(name);
  const [active, queued] = await Promise.all([executions.active(name), executions.queued(name)]);
  return { name, type: backend.type, capacity: backend.capacity(), active: active.length, queued: queued.length };
}

/** Registers the compute target routes; stored targets are loaded before the server is ready. */
export function registerComputeRoutes(app: FastifyInstance, env: RouteEnv, targets: ComputeTargets, executions: ExecutionStore, deps?: ComputeRouteDeps): void {
  const bundles = deps && new RunnerBundles(join(deps.dataDir, 'runner-bundles'));
  const service = deps && bundles && new ComputeService({
    store: new SqlComputeStore(deps.db), targets, executions, slurm: new SlurmCommands(), bundle: () => bundles.current(),
    readSecret: deps.readSecret ?? (() => Promise.reject(new Error('this server has no vault for SSH keys'))),
    outputDir: join(deps.dataDir, 'slurm-jobs'), now: deps.now,
  });
  if (service) app.addHook('onReady', () => service.load());
  implement(app, env, api.compute.list, async () => ({
    items: await Promise.all(targets.entries().map((t) => describe(targets, executions, t.name))),
  }));
  implement(app, env, api.compute.get, async ({ params }) => {
    const summary = await describe(targets, executions, params.name);
    return service ? service.details(summary) : summary;
  });
  implement(app, env, api.compute.create, async ({ body, principal, workspace }) => {
    if (!service) throw new Error('compute targets cannot be created on this server');
    const stored = await service.create(body, principal.user, workspace.id);
    return { ...(await describe(targets, executions, stored.name)), settings: stored.settings };
  });
  implement(app, env, api.compute.update, async ({ params, body }) => {
    if (!service) throw new Error('compute targets cannot be changed on this server');
    const stored = await service.update(params.name, body);
    return { ...(await describe(targets, executions, stored.name)), settings: stored.settings };
  });
  implement(app, env, api.compute.runnerBundle, async ({ query, reply }) => {
    const bundle = bundles && (await bundles.current());
    if (!bundle || (query.version !== undefined && bundle.version !== query.version)) {
      throw new NotFoundError('RUNNER_BUNDLE_NOT_FOUND', `this server's runner bundle is ${bundle?.version ?? 'not built'}, not ${query.version}; resubmit the run to start it with the current runner`, { version: bundle?.version ?? null });
    }
    return reply.type('application/gzip').send(createReadStream(bundle.path));
  });
  implement(app, env, api.compute.delete, async ({ params }) => {
    if (!service) throw new Error('compute targets cannot be deleted on this server');
    await service.delete(params.name);
  });
}
