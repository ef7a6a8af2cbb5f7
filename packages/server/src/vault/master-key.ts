/** The vault's master key: `CAIRN_MASTER_KEY` (32 bytes, base64 or hex), else a 0600 key file in the data dir. */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@cairn/api';

function decode(text: string): Buffer | null {
  const trimmed = text.trim();
  for (const encoding of ['hex', 'base64'] as const) {
    const key = Buffer.from(trimmed, encoding);
    if (key.length === 32) return key;
  }
  return null;
}

/** Loads the master key, creating the key file (mode 0600) on first start. */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.CAIRN_MASTER_KEY) {
    const key = decode(env.CAIRN_MASTER_KEY);
    if (!key) throw new InputError('INVALID_INPUT', 'CAIRN_MASTER_KEY must be 32 bytes, hex (64 characters) or base64 (44 characters)');
    return key;
  }
  const path = join(dataDir, 'master.key');
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const key = decode(readFileSync(path, 'utf8'));
  if (!key) throw new InputError('INVALID_INPUT', `the vault key file ${path} is damaged: it must hold 32 bytes in base64`);
  return key;
}
