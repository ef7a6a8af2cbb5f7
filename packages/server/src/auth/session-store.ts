/** Studio sessions and one-time sign-in links, stored by the SHA-256 of their secret. */

export interface SessionRecord {
  tokenId: string;
  createdAt: number;
  expiresAt: number;
}

export interface SessionStore {
  createSession(idHash: string, session: SessionRecord): Promise<void>;
  findSession(idHash: string): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
  createLink(codeHash: string, tokenId: string, expiresAt: number): Promise<void>;
  /** Marks an unused, unexpired link used and returns its token id; null when there is none to use. */
  useLink(codeHash: string, now: number): Promise<string | null>;
  /** Removes expired sessions and links; answers how many rows went. */
  deleteExpired(now: number): Promise<number>;
}
