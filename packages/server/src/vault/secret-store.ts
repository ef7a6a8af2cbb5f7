/** The vault's rows: secret names, times and ciphertexts. Plaintext never reaches a store. */
export interface SecretRecord {
  name: string;
  createdAt: number;
  updatedAt: number;
}

export interface SecretStore {
  /** Inserts or replaces a secret's ciphertext; a replaced secret keeps its `createdAt`. */
  put(workspaceId: number, name: string, ciphertext: string, at: number): Promise<SecretRecord>;
  /** The secrets of a workspace, ordered by name (code-unit order on every backend). */
  list(workspaceId: number): Promise<SecretRecord[]>;
  /** The stored ciphertext of a secret, or null when there is none. */
  ciphertext(workspaceId: number, name: string): Promise<string | null>;
  /** Deletes a secret; false when there was none. */
  delete(workspaceId: number, name: string): Promise<boolean>;
}
