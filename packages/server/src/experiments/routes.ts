import type { FastifyInstance } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import type { ExperimentService } from './experiment-service.js';

/** Registers the experiment routes. */
export function registerExperimentRoutes(app: FastifyInstance, env: RouteEnv, experiments: ExperimentService): void {
  implement(app, env, api.experiments.list, async ({ workspace }) => ({ items: await experiments.list(workspace) }));
  implement(app, env, api.experiments.get, async ({ workspace, params }) => experiments.get(workspace, params.experiment));
  implement(app, env, api.experiments.ensure, async ({ workspace, params }) => experiments.ensure(workspace, params.experiment));
}
