/**
 * Studio sessions (ADR 6): a session id in an HttpOnly cookie stands for the token that signed in,
 * and a one-time link lets `cairn studio` sign a browser in without the token ever reaching it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AuthError } from '@cairn/api';
import type { Principal } from './principal.js';
import type { SessionStore } from './session-store.js';
import type { TokenService } from './token-service.js';

/** How long a session lasts from sign-in. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** How long a one-time link may wait before it is used. */
export const LINK_TTL_MS = 2 * 60_000;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly tokens: TokenService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens a session acting as the principal's token; returns the cookie value once. */
  async open(principal: Principal): Promise<{ id: string; expiresAt: number }> {
    refuseRunTokens(principal);
    const id = secret();
    const createdAt = this.now();
    const expiresAt = createdAt + SESSION_TTL_MS;
    await this.store.createSession(hash(id), { tokenId: principal.tokenId, createdAt, expiresAt });
    return { id, expiresAt };
  }

  /** The principal behind a session cookie; UNAUTHENTICATED when the session is unknown, expired or its token is gone. */
  async authenticate(id: string): Promise<Principal> {
    const session = await this.store.findSession(hash(id));
    if (!session || session.expiresAt <= this.now()) throw new AuthError('UNAUTHENTICATED', 'the studio session has ended; sign in again');
    return this.tokens.authenticateId(session.tokenId);
  }

  /** Ends a session (signing out twice is fine). */
  async close(id: string): Promise<void> {
    await this.store.deleteSession(hash(id));
  }

  /** A single-use sign-in code for the principal's token, valid for LINK_TTL_MS. */
  async createLink(principal: Principal): Promise<{ code: string; expiresAt: number }> {
    refuseRunTokens(principal);
    const code = secret();
    const expiresAt = this.now() + LINK_TTL_MS;
    await this.store.deleteExpired(this.now());
    await this.store.createLink(hash(code), principal.tokenId, expiresAt);
    return { code, expiresAt };
  }

  /** Exchanges a link code for a new session; null when the code is unknown, used or expired. */
  async redeemLink(code: string): Promise<{ id: string; expiresAt: number } | null> {
    const tokenId = await this.store.useLink(hash(code), this.now());
    if (tokenId === null) return null;
    return this.open(await this.tokens.authenticateId(tokenId));
  }
}

// A runner's token reaches one run; letting it open a browser session would widen nothing, but it
// has no business in the studio and refusing keeps run tokens out of long-lived cookies.
function refuseRunTokens(principal: Principal): void {
  if (principal.runId !== null) throw new AuthError('FORBIDDEN', 'a run-scoped token cannot sign in to the studio');
}
