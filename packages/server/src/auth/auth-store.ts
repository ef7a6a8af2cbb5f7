/** Users, role assignments and tokens. */
import type { Role } from '@cairn/api';
import type { Assignment } from './principal.js';

export interface TokenRecord {
  id: string;
  userId: number;
  user: string;
  name: string;
  tokenHash: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  runId: string | null;
}

export interface NewToken {
  id: string;
  user: string;
  name: string;
  tokenHash: string;
  role: Role;
  workspaceId: number | null;
  createdAt: number;
  expiresAt: number | null;
}

/** A token scoped to one run, for an existing user (the run's submitter); no role changes. */
export interface NewRunToken {
  id: string;
  user: string;
  name: string;
  tokenHash: string;
  createdAt: number;
  expiresAt: number | null;
  runId: string;
}

export interface AuthStore {
  /** Stores a run-scoped token of an existing user. */
  createRunToken(token: NewRunToken): Promise<void>;
  /** Creates the user if new, assigns the role (replacing the user's role in that scope) and stores the token. */
  createToken(token: NewToken): Promise<void>;
  findToken(id: string): Promise<TokenRecord | null>;
  assignments(userId: number): Promise<Assignment[]>;
  listTokens(): Promise<Array<TokenRecord & { assignments: Assignment[] }>>;
  revokeToken(id: string, at: number): Promise<boolean>;
  touchToken(id: string, at: number): Promise<void>;
  countTokens(): Promise<number>;
}
