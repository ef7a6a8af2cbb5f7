import { z } from 'zod';
import { Time, WorkspaceParams } from '../common.js';
import { nameSchema } from '../names.js';
import { defineRoute } from '../route.js';

export const Workspace = z.object({ name: z.string(), description: z.string(), createdAt: Time });
export type Workspace = z.infer<typeof Workspace>;

export const workspaceRoutes = {
  list: defineRoute({
    id: 'workspaces.list', method: 'GET', path: '/workspaces', summary: 'List the workspaces the caller can see',
    action: 'authenticated', response: z.object({ items: z.array(Workspace) }),
  }),
  create: defineRoute({
    id: 'workspaces.create', method: 'POST', path: '/workspaces', summary: 'Create a workspace',
    action: 'workspace.write',
    body: z.object({ name: nameSchema('workspace'), description: z.string().max(5000).default('') }),
    response: Workspace, status: 201,
  }),
  get: defineRoute({
    id: 'workspaces.get', method: 'GET', path: '/workspaces/{workspace}', summary: 'Show a workspace',
    action: 'workspace.read', params: WorkspaceParams, response: Workspace,
  }),
  delete: defineRoute({
    id: 'workspaces.delete', method: 'DELETE', path: '/workspaces/{workspace}', summary: 'Delete a workspace and everything in it',
    action: 'workspace.write', params: WorkspaceParams,
    query: z.object({ force: z.enum(['true', 'false']).optional() }),
  }),
};
