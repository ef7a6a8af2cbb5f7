import type { FastifyInstance } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import type { EnvironmentService } from './environment-service.js';

/** Registers the environment routes. */
export function registerEnvironmentRoutes(app: FastifyInstance, env: RouteEnv, environments: EnvironmentService): void {
  const r = api.environments;
  implement(app, env, r.list, async ({ workspace }) => ({ items: await environments.list(workspace) }));
  implement(app, env, r.create, async ({ workspace, params, body, principal }) => environments.create(workspace, params.environment, body, principal.user));
  implement(app, env, r.versions, async ({ workspace, params }) => ({ items: await environments.versions(workspace, params.environment) }));
  implement(app, env, r.get, async ({ workspace, params }) => environments.get(workspace, params.environment, params.version));
  implement(app, env, r.reportBuild, async ({ workspace, params, body }) => environments.reportBuild(workspace, params.environment, params.version, body));
  implement(app, env, r.builds, async ({ workspace, params }) => ({ items: await environments.builds(workspace, params.environment, params.version) }));
  implement(app, env, r.buildLog, async ({ workspace, params, reply }) => {
    const log = await environments.buildLog(workspace, params.environment, params.version, params.build);
    return reply.type('text/plain; charset=utf-8').send(log);
  });
}
