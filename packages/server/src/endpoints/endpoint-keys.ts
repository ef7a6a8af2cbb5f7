/**
 * Endpoint credentials: random keys compared in constant time, and short-lived tokens (HMAC-signed
 * expiry times) for endpoints with token auth. Neither is ever a workspace token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a scoring token lives, and when clients should ask for a new one (v1's refresh_by). */
export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
export const TOKEN_REFRESH_MS = 30 * 60 * 1000;

/** A new endpoint key (32 random bytes, base64url). */
export function newEndpointKey(): string {
  return randomBytes(32).toString('base64url');
}

function bearer(authorization: string | undefined): Buffer | null {
  // test, not exec: no match array per scoring request; the token is everything after "Bearer ".
  return authorization !== undefined && BEARER.test(authorization) ? Buffer.from(authorization.slice(7)) : null;
}

const BEARER = /^Bearer .+$/i;

/** Whether `Authorization: Bearer <key>` carries one of `keys`: their bytes prepared once, not on every request. */
export function keyCheck(keys: readonly string[]): (authorization: string | undefined) => boolean {
  const expected = keys.map((key) => Buffer.from(key));
  return (authorization) => {
    const given = bearer(authorization);
    if (!given) return false;
    let found = false;
    // Every key is compared, so the time taken says nothing about which one matched.
    for (const key of expected) if (key.length === given.length && timingSafeEqual(key, given)) found = true;
    return found;
  };
}

function signature(secret: string, audience: string, expiresOn: number): string {
  return createHmac('sha256', secret).update(`${audience}\n${expiresOn}`).digest('base64url');
}

/** A token for `audience` (workspace/endpoint) valid until `expiresOn`. */
export function issueToken(secret: string, audience: string, expiresOn: number): string {
  return `cet.${expiresOn}.${signature(secret, audience, expiresOn)}`;
}

/** Whether `Authorization: Bearer <token>` carries an unexpired token of `audience`. */
export function tokenMatches(authorization: string | undefined, secret: string, audience: string, now: number): boolean {
  const match = /^cet\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(bearer(authorization)?.toString() ?? '');
  if (!match) return false;
  const expiresOn = Number(match[1]);
  const expected = Buffer.from(signature(secret, audience, expiresOn));
  return timingSafeEqual(expected, Buffer.from(match[2]!)) && expiresOn > now;
}
