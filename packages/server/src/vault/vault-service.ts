/**
 * The workspace vault: secrets encrypted with AES-256-GCM under the server's master key. Values go
 * in through `set` and come out only through `read`, which no user route calls.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { CairnError, NotFoundError, type SecretInfo } from '@cairn/api';
import type { SecretRecord, SecretStore } from './secret-store.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The workspace a vault call is about. */
export interface VaultWorkspace {
  id: number;
  name: string;
}

// The row's identity is authenticated with the value, so a ciphertext copied to another row fails.
function associatedData(workspaceId: number, name: string): Buffer {
  return Buffer.from(`cairn-secret:${workspaceId}:${name}`, 'utf8');
}

const toInfo = (r: SecretRecord): SecretInfo => ({ name: r.name, createdAt: r.createdAt, updatedAt: r.updatedAt });

export class VaultService {
  // A KeyObject in a private field: serializing the service (a stray log call) cannot reveal the key.
  readonly #key: KeyObject;

  constructor(
    private readonly store: SecretStore,
    masterKey: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    if (masterKey.length !== 32) throw new Error(`the vault master key must be 32 bytes, got ${masterKey.length}`);
    this.#key = createSecretKey(masterKey);
  }

  /** Encrypts a value for one row: base64 of iv ‖ ciphertext ‖ tag, with a fresh random IV. */
  encrypt(workspaceId: number, name: string, value: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(workspaceId, name));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  }

  /** Decrypts what `encrypt` made for the same row; VAULT_KEY_MISMATCH when it does not authenticate. */
  decrypt(workspaceId: number, name: string, ciphertext: string): string {
    const bytes = Buffer.from(ciphertext, 'base64');
    try {
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('too short');
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(workspaceId, name));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new CairnError('VAULT_KEY_MISMATCH',
        `secret ${name} cannot be decrypted: the vault master key changed since it was stored, or the stored value was altered. ` +
          'Restore the original key (the master.key file in the data directory, or CAIRN_MASTER_KEY), or set the secret again');
    }
  }

  /** Creates or replaces a secret; answers its name and times, never its value. */
  async set(workspace: VaultWorkspace, name: string, value: string): Promise<SecretInfo> {
    return toInfo(await this.store.put(workspace.id, name, this.encrypt(workspace.id, name, value), this.now()));
  }

  /** Names and times of a workspace's secrets. */
  async list(workspace: VaultWorkspace): Promise<SecretInfo[]> {
    return (await this.store.list(workspace.id)).map(toInfo);
  }

  /** Deletes a secret; SECRET_NOT_FOUND when there is none. */
  async delete(workspace: VaultWorkspace, name: string): Promise<void> {
    if (!(await this.store.delete(workspace.id, name))) throw notFound(name, workspace.name);
  }

  /** A secret's value, for server-side consumers (runs given the secret); never for a user route. */
  async read(workspaceId: number, name: string): Promise<string> {
    const ciphertext = await this.store.ciphertext(workspaceId, name);
    if (ciphertext === null) throw notFound(name);
    return this.decrypt(workspaceId, name, ciphertext);
  }
}

function notFound(name: string, workspace?: string): NotFoundError {
  const where = workspace ? `workspace ${workspace}` : 'this workspace';
  return new NotFoundError('SECRET_NOT_FOUND', `no secret named ${name} in the vault of ${where}; list them with \`cairn secret list\``);
}
