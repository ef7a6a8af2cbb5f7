import type { FastifyInstance } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import type { RunSearchService } from './run-search-service.js';
import type { RunService } from './run-service.js';

/** Registers the run routes. */
export function registerRunRoutes(app: FastifyInstance, env: RouteEnv, runs: RunService, search: RunSearchService): void {
  implement(app, env, api.runs.create, async ({ workspace, principal, body }) => runs.create(workspace, principal, body));
  implement(app, env, api.runs.list, async ({ workspace, query }) => search.list(workspace, query));
  implement(app, env, api.runs.get, async ({ workspace, params }) => runs.get(workspace, params.runId));
  implement(app, env, api.runs.update, async ({ workspace, params, body }) => runs.update(workspace, params.runId, body));
  implement(app, env, api.runs.cancel, async ({ workspace, params }) => runs.cancel(workspace, params.runId));
  implement(app, env, api.runs.setTags, async ({ workspace, params, body }) => runs.setTags(workspace, params.runId, body.set, body.remove));
  implement(app, env, api.runs.addProperties, async ({ workspace, params, body }) => runs.addProperties(workspace, params.runId, body.properties));
  implement(app, env, api.runs.createChildren, async ({ workspace, principal, params, body }) => ({
    items: await runs.createChildren(workspace, principal, params.runId, body),
  }));
  implement(app, env, api.runs.listChildren, async ({ workspace, params, query }) => ({
    items: await runs.listChildren(workspace, params.runId, query?.recursive === 'true'),
  }));
}
