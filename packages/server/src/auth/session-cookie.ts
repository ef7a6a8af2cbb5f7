/** The studio session cookie: HttpOnly (no script reads it), SameSite=Strict (no cross-site send), Path=/. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '@cairn/api';

function serialize(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}

// Behind plain HTTP on 127.0.0.1 a Secure cookie would never come back, so Secure follows the scheme.
const isHttps = (request: FastifyRequest) => request.protocol === 'https';

/** Sets the session cookie on a reply. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, id: string, expiresAt: number, now: number): void {
  reply.header('set-cookie', serialize(id, Math.max(0, Math.floor((expiresAt - now) / 1000)), isHttps(request)));
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', serialize('', 0, isHttps(request)));
}
