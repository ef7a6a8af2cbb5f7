/**
 * First start: the owner's token, and the CLI config that lets the local user skip `cairn login`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TokenService } from './auth/token-service.js';

export interface CliConfigFile {
  url: string;
  token: string;
  workspace: string;
}

/** Writes the CLI config file, mode 0600 in a 0700 directory. */
export function writeCliConfig(path: string, config: CliConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

/** Creates the owner token when the server has none yet; returns it, or null when tokens exist. */
export async function createOwnerTokenOnFirstStart(tokens: TokenService): Promise<string | null> {
  if (await tokens.hasTokens()) return null;
  const created = await tokens.create({ user: 'owner', name: 'owner (first start)', role: 'Owner', workspace: null });
  return created.token;
}
