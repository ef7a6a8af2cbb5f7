import type { FastifyInstance } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import type { WorkspaceService } from './workspace-service.js';

/** Registers the workspace routes. */
export function registerWorkspaceRoutes(app: FastifyInstance, env: RouteEnv, workspaces: WorkspaceService): void {
  implement(app, env, api.workspaces.list, async ({ principal }) => ({ items: await workspaces.listVisible(principal) }));
  implement(app, env, api.workspaces.create, async ({ body }) => workspaces.create(body.name, body.description));
  implement(app, env, api.workspaces.get, async ({ params }) => workspaces.get(params.workspace));
  implement(app, env, api.workspaces.delete, async ({ params, query }) => workspaces.delete(params.workspace, query?.force === 'true'));
}
