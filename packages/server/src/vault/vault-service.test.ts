import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnError } from '@cairn/api';
import { openMetadataDb, type MetadataDb } from '../db/database.js';
import { loadMasterKey } from './master-key.js';
import { SqlSecretStore } from './sql-secret-store.js';
import { VaultService } from './vault-service.js';

function errorOf(action: () => unknown): CairnError {
  try {
    action();
  } catch (error) {
    return error as CairnError;
  }
  throw new Error('expected an error');
}

const flip = (ciphertext: string, index: number) => {
  const bytes = Buffer.from(ciphertext, 'base64');
  bytes[(index + bytes.length) % bytes.length]! ^= 0x01;
  return bytes.toString('base64');
};

describe('VaultService', () => {
  let dir: string;
  let metadata: MetadataDb;
  let workspaces: { a: number; b: number };
  const vaultWith = (key: Buffer) => new VaultService(new SqlSecretStore(metadata.db), key);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-vault-'));
    metadata = await openMetadataDb(`sqlite:${join(dir, 'cairn.db')}`);
    const insert = (name: string) => metadata.db.insertInto('workspaces').values({ name, description: '', created_at: 0 }).returning('id').executeTakeFirstOrThrow();
    workspaces = { a: (await insert('a')).id, b: (await insert('b')).id };
  });
  afterAll(async () => {
    await metadata.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips values, including empty, unicode and 64 KiB ones', () => {
    const vault = vaultWith(randomBytes(32));
    for (const value of ['', 'p@ss', 'pässwörd 🔑\n', 'x'.repeat(64 * 1024)]) {
      expect(vault.decrypt(1, 'db-password', vault.encrypt(1, 'db-password', value))).toBe(value);
    }
  });

  it('uses a fresh IV for every write, so equal values never look equal at rest', () => {
    const vault = vaultWith(randomBytes(32));
    const first = vault.encrypt(1, 'token', 'same');
    const second = vault.encrypt(1, 'token', 'same');
    expect(first).not.toBe(second);
    expect(Buffer.from(first, 'base64').subarray(0, 12).equals(Buffer.from(second, 'base64').subarray(0, 12))).toBe(false);
    // iv (12) + one byte per plaintext byte + tag (16): nothing else is stored.
    expect(Buffer.from(first, 'base64')).toHaveLength(12 + 4 + 16);
  });

  it('binds the workspace id and the secret name: a ciphertext decrypts for its own row only', () => {
    const vault = vaultWith(randomBytes(32));
    const sealed = vault.encrypt(1, 'db-password', 'hunter2');
    expect(errorOf(() => vault.decrypt(2, 'db-password', sealed)).code).toBe('VAULT_KEY_MISMATCH');
    expect(errorOf(() => vault.decrypt(1, 'db-passwords', sealed)).code).toBe('VAULT_KEY_MISMATCH');
    expect(errorOf(() => vault.decrypt(11, 'db-password', sealed)).code).toBe('VAULT_KEY_MISMATCH');
  });

  it('detects tampering with the IV, the ciphertext or the tag, and truncation', () => {
    const vault = vaultWith(randomBytes(32));
    const sealed = vault.encrypt(1, 'api-key', 'a fairly long secret value');
    for (const index of [0, 11, 12, 20, -17, -1]) {
      expect(errorOf(() => vault.decrypt(1, 'api-key', flip(sealed, index))).code).toBe('VAULT_KEY_MISMATCH');
    }
    const bytes = Buffer.from(sealed, 'base64');
    expect(errorOf(() => vault.decrypt(1, 'api-key', bytes.subarray(0, bytes.length - 1).toString('base64'))).code).toBe('VAULT_KEY_MISMATCH');
    expect(errorOf(() => vault.decrypt(1, 'api-key', bytes.subarray(0, 20).toString('base64'))).code).toBe('VAULT_KEY_MISMATCH');
    expect(errorOf(() => vault.decrypt(1, 'api-key', '')).code).toBe('VAULT_KEY_MISMATCH');
  });

  it('says the master key changed when another key reads the vault', () => {
    const sealed = vaultWith(randomBytes(32)).encrypt(1, 'db-password', 'hunter2');
    const error = errorOf(() => vaultWith(randomBytes(32)).decrypt(1, 'db-password', sealed));
    expect(error).toBeInstanceOf(CairnError);
    expect(error.status).toBe(500);
    expect(error.message).toContain('secret db-password cannot be decrypted: the vault master key changed since it was stored');
    expect(error.message).toContain('master.key');
    expect(error.message).toContain('CAIRN_MASTER_KEY');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => vaultWith(randomBytes(16))).toThrow('the vault master key must be 32 bytes, got 16');
  });

  it('reads what it stored across a restart with the same key file, and fails clearly after the key file is replaced', async () => {
    const keyDir = join(dir, 'data');
    await vaultWith(loadMasterKey(keyDir, {})).set({ id: workspaces.a, name: 'a' }, 'storage-key', 's3cr3t');
    expect(await vaultWith(loadMasterKey(keyDir, {})).read(workspaces.a, 'storage-key')).toBe('s3cr3t');
    rmSync(join(keyDir, 'master.key'));
    await expect(vaultWith(loadMasterKey(keyDir, {})).read(workspaces.a, 'storage-key')).rejects.toThrow(/master key changed/);
  });

  it('stores only ciphertext, and a ciphertext moved to another row no longer decrypts', async () => {
    const vault = vaultWith(randomBytes(32));
    await vault.set({ id: workspaces.a, name: 'a' }, 'moved', 'value-of-a');
    await vault.set({ id: workspaces.b, name: 'b' }, 'moved', 'value-of-b');
    const rows = await metadata.db.selectFrom('secrets').select(['workspace_id', 'ciphertext']).where('name', '=', 'moved').execute();
    expect(rows.map((r) => r.ciphertext).join()).not.toMatch(/value-of/);
    const fromA = rows.find((r) => r.workspace_id === workspaces.a)!.ciphertext;
    await metadata.db.updateTable('secrets').set({ ciphertext: fromA }).where('workspace_id', '=', workspaces.b).where('name', '=', 'moved').execute();
    expect(await vault.read(workspaces.a, 'moved')).toBe('value-of-a');
    await expect(vault.read(workspaces.b, 'moved')).rejects.toMatchObject({ code: 'VAULT_KEY_MISMATCH' });
  });

  it('answers SECRET_NOT_FOUND when reading or deleting a secret that is not there', async () => {
    const vault = vaultWith(randomBytes(32));
    await expect(vault.read(workspaces.a, 'nope')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    await expect(vault.delete({ id: workspaces.a, name: 'a' }, 'nope')).rejects.toThrow('no secret named nope in the vault of workspace a');
  });
});
