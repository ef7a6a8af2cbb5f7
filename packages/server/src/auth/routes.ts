import type { FastifyInstance } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import type { TokenService } from './token-service.js';

/** Registers whoami and the token routes. */
export function registerAuthRoutes(app: FastifyInstance, env: RouteEnv, tokens: TokenService): void {
  implement(app, env, api.tokens.whoami, async ({ principal }) => ({
    user: principal.user,
    tokenId: principal.tokenId,
    roles: principal.assignments.map((a) => ({ workspace: a.workspace, role: a.role })),
  }));
  implement(app, env, api.tokens.list, async () => ({ items: await tokens.list() }));
  implement(app, env, api.tokens.create, async ({ body }) => {
    const workspace = body.workspace === null ? null : await env.resolveWorkspace(body.workspace);
    return tokens.create({ user: body.user, name: body.name, role: body.role, workspace, expiresInDays: body.expiresInDays });
  });
  implement(app, env, api.tokens.revoke, async ({ params }) => tokens.revoke(params.id));
}
