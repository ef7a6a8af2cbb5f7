import type { FastifyInstance } from 'fastify';
import { api, STUDIO_LOGIN_PATH } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import { sessionIdOf } from './request-auth.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';
import type { SessionService } from './session-service.js';

/** Registers studio sign-in, sign-out and one-time link routes. */
export function registerSessionRoutes(app: FastifyInstance, env: RouteEnv, sessions: SessionService, now: () => number): void {
  implement(app, env, api.sessions.create, async ({ principal, request, reply }) => {
    const session = await sessions.open(principal);
    setSessionCookie(request, reply, session.id, session.expiresAt, now());
    return { user: principal.user, tokenId: principal.tokenId, expiresAt: session.expiresAt };
  });
  implement(app, env, api.sessions.delete, async ({ request, reply }) => {
    const id = sessionIdOf(request);
    if (id !== undefined) await sessions.close(id);
    clearSessionCookie(request, reply);
  });
  implement(app, env, api.sessions.createLink, async ({ principal }) => {
    const link = await sessions.createLink(principal);
    return { code: link.code, path: `${STUDIO_LOGIN_PATH}?code=${encodeURIComponent(link.code)}`, expiresAt: link.expiresAt };
  });
}
