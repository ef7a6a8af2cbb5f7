/**
 * First start: the owner's token (main.ts saves it in the CLI config so the local user skips `cairn login`).
 */
import type { TokenService } from './auth/token-service.js';

/** Creates the owner token when the server has none yet; returns it, or null when tokens exist. */
export async function createOwnerTokenOnFirstStart(tokens: TokenService): Promise<string | null> {
  if (await tokens.hasTokens()) return null;
  const created = await tokens.create({ user: 'owner', name: 'owner (first start)', role: 'Owner', workspace: null });
  return created.token;
}
