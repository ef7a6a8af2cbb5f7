import type { FastifyInstance } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import type { VaultService } from './vault-service.js';

/** Registers the secret routes: set, list names, delete. None returns a value. */
export function registerSecretRoutes(app: FastifyInstance, env: RouteEnv, vault: VaultService): void {
  implement(app, env, api.secrets.list, async ({ workspace }) => ({ items: await vault.list(workspace) }));
  implement(app, env, api.secrets.set, async ({ workspace, params, body }) => vault.set(workspace, params.name, body.value));
  implement(app, env, api.secrets.delete, async ({ workspace, params }) => vault.delete(workspace, params.name));
}
