import { z } from 'zod';
import { Time, WorkspaceParams } from '../common.js';
import { nameSchema } from '../names.js';
import { defineRoute } from '../route.js';

/** What is shown of a secret: never its value. */
export const SecretInfo = z.object({ name: z.string(), createdAt: Time, updatedAt: Time });
export type SecretInfo = z.infer<typeof SecretInfo>;

const SecretParams = WorkspaceParams.extend({ name: nameSchema('secret') });

export const secretRoutes = {
  list: defineRoute({
    id: 'secrets.list', method: 'GET', path: '/workspaces/{workspace}/secrets', summary: 'List secret names (never values)',
    action: 'secrets.list', params: WorkspaceParams, response: z.object({ items: z.array(SecretInfo) }),
  }),
  set: defineRoute({
    id: 'secrets.set', method: 'PUT', path: '/workspaces/{workspace}/secrets/{name}', summary: 'Create or replace a secret',
    action: 'secrets.write', params: SecretParams, body: z.object({ value: z.string().min(1).max(64 * 1024) }), response: SecretInfo,
  }),
  delete: defineRoute({
    id: 'secrets.delete', method: 'DELETE', path: '/workspaces/{workspace}/secrets/{name}', summary: 'Delete a secret',
    action: 'secrets.write', params: SecretParams,
  }),
};
