/** Endpoint keys: random, compared in constant time, never workspace tokens. */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A new endpoint key (32 random bytes, base64url). */
export function newEndpointKey(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `Authorization: Bearer <key>` carries one of `keys`. */
export function keyMatches(authorization: string | undefined, keys: readonly string[]): boolean {
  const match = /^Bearer (.+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  let found = false;
  // Every key is compared, so the time taken says nothing about which one matched.
  for (const key of keys) {
    const expected = Buffer.from(key);
    if (expected.length === given.length && timingSafeEqual(expected, given)) found = true;
  }
  return found;
}
