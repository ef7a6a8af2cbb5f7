import { z } from 'zod';
import { Time } from '../common.js';
import { defineRoute } from '../route.js';

/** The name of the studio's session cookie (HttpOnly, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'cairn_session';
/** The header a cookie-authenticated request must carry to change state (the studio's CSRF defence). */
export const STUDIO_HEADER = 'x-cairn-studio';
/** Where a one-time sign-in link points; `?code=` carries the code. */
export const STUDIO_LOGIN_PATH = '/studio/login';

export const Session = z.object({
  user: z.string(),
  tokenId: z.string(),
  expiresAt: Time,
});

export const SessionLink = z.object({
  /** Single-use code; exchange it at `/studio/login?code=…` before `expiresAt`. */
  code: z.string(),
  /** The path to open, relative to the server URL. */
  path: z.string(),
  expiresAt: Time,
});

export const sessionRoutes = {
  create: defineRoute({
    id: 'sessions.create', method: 'POST', path: '/sessions',
    summary: 'Sign in to the studio: the bearer token sent becomes an HttpOnly session cookie',
    action: 'authenticated', response: Session, status: 201,
  }),
  delete: defineRoute({
    id: 'sessions.delete', method: 'DELETE', path: '/sessions', summary: 'Sign out: end the session and clear its cookie',
    action: 'authenticated',
  }),
  createLink: defineRoute({
    id: 'sessions.createLink', method: 'POST', path: '/sessions/links',
    summary: 'A one-time studio sign-in link for the caller, valid 2 minutes', action: 'authenticated',
    response: SessionLink, status: 201,
  }),
};
