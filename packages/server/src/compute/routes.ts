import type { FastifyInstance } from 'fastify';
import { api, type ComputeTarget } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import type { ExecutionStore } from '../execution/execution-store.js';
import type { ComputeTargets } from './compute-targets.js';

async function describe(targets: ComputeTargets, executions: ExecutionStore, name: string): Promise<ComputeTarget> {
  const backend = targets.require(name);
  const [active, queued] = await Promise.all([executions.active(name), executions.queued(name)]);
  return { name, type: backend.type, capacity: backend.capacity(), active: active.length, queued: queued.length };
}

/** Registers the compute target routes. */
export function registerComputeRoutes(app: FastifyInstance, env: RouteEnv, targets: ComputeTargets, executions: ExecutionStore): void {
  implement(app, env, api.compute.list, async () => ({
    items: await Promise.all(targets.entries().map((t) => describe(targets, executions, t.name))),
  }));
  implement(app, env, api.compute.get, async ({ params }) => describe(targets, executions, params.name));
}
