/** The vault's master key: `CAIRN_MASTER_KEY` (32 bytes, base64 or hex), else a 0600 key file in the data dir. */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@cairn/api';

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]{43}=?$/;
const HOW_TO_MAKE = 'make one with `openssl rand -base64 32`';

// Strict patterns: Node's base64 decoder skips stray characters, so a mistyped key could still decode.
function decode(text: string): Buffer | null {
  const trimmed = text.trim();
  if (HEX.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (BASE64.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return null;
}

/** Loads the master key, creating the key file (mode 0600) on first start. */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.CAIRN_MASTER_KEY) {
    const key = decode(env.CAIRN_MASTER_KEY);
    // The message never repeats the value: a near-miss is still someone's key.
    if (!key) throw new InputError('INVALID_INPUT', `CAIRN_MASTER_KEY must be 32 bytes, as 64 hex or 44 base64 characters; ${HOW_TO_MAKE}`);
    return key;
  }
  const path = join(dataDir, 'master.key');
  if (!existsSync(path)) createKeyFile(dataDir, path);
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const key = decode(readFileSync(path, 'utf8'));
  if (!key) {
    throw new InputError('INVALID_INPUT',
      `the vault key file ${path} is damaged: it must hold 32 bytes in base64 or hex. Restore it from a backup; ` +
        'a new key cannot decrypt the secrets already stored');
  }
  return key;
}

// Written aside and linked into place, so a server starting at the same moment never reads a half-written key.
function createKeyFile(dataDir: string, path: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
}
