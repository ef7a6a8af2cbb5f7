/**
 * Who sent a request: the bearer token when there is one, else the studio's session cookie. A
 * cookie is sent by the browser on its own, so a state-changing request signed in by cookie must
 * also carry the studio header, which no cross-site page can add without a CORS grant (ADR 6).
 */
import type { FastifyRequest } from 'fastify';
import { CairnError, SESSION_COOKIE, STUDIO_HEADER } from '@cairn/api';
import type { Principal } from './principal.js';
import type { SessionService } from './session-service.js';
import type { TokenService } from './token-service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of one cookie in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session id a request's cookie carries, if any. */
export function sessionIdOf(request: FastifyRequest): string | undefined {
  return readCookie(request.headers.cookie, SESSION_COOKIE) || undefined;
}

/** Authenticates a request by bearer token, or by session cookie plus the CSRF header for writes. */
export async function authenticateRequest(tokens: TokenService, sessions: SessionService | undefined, request: FastifyRequest): Promise<Principal> {
  const sessionId = sessionIdOf(request);
  if (request.headers.authorization || !sessions || sessionId === undefined) return tokens.authenticate(request.headers.authorization);
  const principal = await sessions.authenticate(sessionId);
  if (!SAFE_METHODS.has(request.method) && request.headers[STUDIO_HEADER] !== '1') {
    throw new CairnError('CSRF_REJECTED', `a ${request.method} signed in by the studio cookie must carry the header "X-Cairn-Studio: 1"`);
  }
  return principal;
}
