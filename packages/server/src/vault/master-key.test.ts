import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMasterKey } from './master-key.js';

describe('loadMasterKey', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'cairn-key-')); });
  afterEach(() => { rmSync(root, { recursive: true, force: true }); });

  it('creates a 32-byte key file readable by its owner only, and reuses it on the next start', () => {
    const data = join(root, 'data');
    const first = loadMasterKey(data, {});
    expect(first).toHaveLength(32);
    expect(statSync(join(data, 'master.key')).mode & 0o777).toBe(0o600);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(loadMasterKey(data, {}).equals(first)).toBe(true);
    expect(Buffer.from(readFileSync(join(data, 'master.key'), 'utf8').trim(), 'base64').equals(first)).toBe(true);
  });

  it('makes a different key for a different data directory', () => {
    expect(loadMasterKey(join(root, 'a'), {}).equals(loadMasterKey(join(root, 'b'), {}))).toBe(false);
  });

  it('takes the key away from group and others when the file was loosened', () => {
    const key = loadMasterKey(root, {});
    chmodSync(join(root, 'master.key'), 0o644);
    expect(loadMasterKey(root, {}).equals(key)).toBe(true);
    expect(statSync(join(root, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('takes CAIRN_MASTER_KEY in hex or base64 and then writes no key file', () => {
    const key = randomBytes(32);
    expect(loadMasterKey(root, { CAIRN_MASTER_KEY: key.toString('hex') }).equals(key)).toBe(true);
    expect(loadMasterKey(root, { CAIRN_MASTER_KEY: key.toString('hex').toUpperCase() }).equals(key)).toBe(true);
    expect(loadMasterKey(root, { CAIRN_MASTER_KEY: `${key.toString('base64')}\n` }).equals(key)).toBe(true);
    expect(() => statSync(join(root, 'master.key'))).toThrow(/ENOENT/);
  });

  it('refuses a CAIRN_MASTER_KEY of the wrong size or with stray characters, without repeating it', () => {
    const short = randomBytes(16).toString('hex');
    const typo = `${randomBytes(32).toString('base64').slice(0, 20)}!${randomBytes(32).toString('base64').slice(21)}`;
    for (const bad of [short, typo, 'not a key']) {
      let message = '';
      try { loadMasterKey(root, { CAIRN_MASTER_KEY: bad }); } catch (error) { message = (error as Error).message; }
      expect(message).toContain('CAIRN_MASTER_KEY must be 32 bytes, as 64 hex or 44 base64 characters');
      expect(message).toContain('openssl rand -base64 32');
      expect(message).not.toContain(bad);
    }
  });

  it('refuses a damaged key file rather than replacing it', () => {
    writeFileSync(join(root, 'master.key'), 'garbage', { mode: 0o600 });
    expect(() => loadMasterKey(root, {})).toThrow(/master\.key is damaged.*Restore it from a backup/);
    expect(readFileSync(join(root, 'master.key'), 'utf8')).toBe('garbage');
  });
});
