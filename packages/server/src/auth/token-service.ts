/**
 * Bearer tokens: `cairn_<id>_<secret>`. Only a SHA-256 of the secret is stored; a token is shown
 * once, when created.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthError, NotFoundError, type Role, type TokenInfo } from '@cairn/api';
import type { AuthStore, TokenRecord } from './auth-store.js';
import { LookupCache } from './lookup-cache.js';
import type { Assignment, Principal } from './principal.js';

const TOKEN_PATTERN = /^cairn_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;
// Writing last_used_at on every request would turn each read into a write; once a minute is plenty.
const TOUCH_INTERVAL_MS = 60_000;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface CreateTokenInput {
  user: string;
  name: string;
  role: Role;
  workspace: { id: number; name: string } | null;
  expiresInDays?: number | undefined;
}

/** A token's record and its user's roles, as one cached lookup. */
interface TokenLookup {
  record: TokenRecord;
  assignments: Assignment[];
}

export class TokenService {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: AuthStore,
    private readonly now: () => number = Date.now,
    /** Token lookups, shared with whatever else must clear it (workspace deletion). */
    private readonly cache: LookupCache = new LookupCache(now),
  ) {}

  /** Creates a token (and its user and role on first use); returns the token text once. */
  async create(input: CreateTokenInput): Promise<TokenInfo & { token: string }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const expiresAt = input.expiresInDays ? createdAt + input.expiresInDays * 86_400_000 : null;
    await this.store.createToken({
      id, user: input.user, name: input.name, tokenHash: hash(secret), role: input.role,
      workspaceId: input.workspace?.id ?? null, createdAt, expiresAt,
    });
    // The user's role in that scope may have changed: no cached principal may keep the old one.
    this.cache.clear();
    const record = await this.store.findToken(id);
    return { ...(await this.info(record!)), token: `cairn_${id}_${secret}` };
  }

  /** Creates a token that reaches one run only (see `run-scope.ts`), for that run's runner. */
  async createRunToken(runId: string, user: string): Promise<{ id: string; token: string }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    await this.store.createRunToken({ id, user, name: `run ${runId}`, tokenHash: hash(secret), createdAt: this.now(), expiresAt: null, runId });
    return { id, token: `cairn_${id}_${secret}` };
  }

  /** Resolves a bearer token to its principal; throws UNAUTHENTICATED with the reason. */
  async authenticate(header: string | undefined): Promise<Principal> {
    if (!header) throw new AuthError('UNAUTHENTICATED', 'missing bearer token: send "Authorization: Bearer <token>" (run `cairn login` for the CLI)');
    const match = TOKEN_PATTERN.exec(header.replace(/^Bearer\s+/i, '').trim());
    const found = match ? await this.lookup(match[1]!) : null;
    if (!match || !found || !sameHash(found.record.tokenHash, hash(match[2]!))) throw new AuthError('UNAUTHENTICATED', 'invalid token: it is unknown or mistyped');
    return this.principalOf(found);
  }

  /** The principal of a token already proven by other means (a studio session); same revoke and expiry checks. */
  async authenticateId(id: string): Promise<Principal> {
    const found = await this.lookup(id);
    if (!found) throw new AuthError('UNAUTHENTICATED', 'the session\'s token no longer exists; sign in again');
    return this.principalOf(found);
  }

  /** A token and its user's roles, through the cache: every request needs them. */
  private lookup(id: string): Promise<TokenLookup | null> {
    return this.cache.get(`token:${id}`, async () => {
      const record = await this.store.findToken(id);
      return record && { record, assignments: await this.store.assignments(record.userId) };
    });
  }

  private async principalOf({ record, assignments }: TokenLookup): Promise<Principal> {
    if (record.revokedAt !== null) throw new AuthError('UNAUTHENTICATED', `token ${record.id} was revoked; ask an Owner for a new one`);
    if (record.expiresAt !== null && record.expiresAt <= this.now()) throw new AuthError('UNAUTHENTICATED', `token ${record.id} has expired; ask an Owner for a new one`);
    await this.touch(record.id);
    return { userId: record.userId, user: record.user, tokenId: record.id, runId: record.runId, assignments };
  }

  private async touch(id: string): Promise<void> {
    const now = this.now();
    if (now - (this.touched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.touched.set(id, now);
    await this.store.touchToken(id, now);
  }

  /** Every user token, without its secret part. */
  async list(): Promise<TokenInfo[]> {
    const tokens = await this.store.listTokens();
    return tokens.map((t) => toInfo(t, t.assignments));
  }

  /** Revokes a token; unknown ids are TOKEN_NOT_FOUND. */
  async revoke(id: string): Promise<void> {
    const revoked = await this.store.revokeToken(id, this.now());
    this.cache.clear();
    if (!revoked) {
      const exists = await this.store.findToken(id);
      if (!exists) throw new NotFoundError('TOKEN_NOT_FOUND', `no token with id ${id}; list them with \`cairn token list\``);
    }
  }

  /** Whether any token exists yet (first start creates the owner's). */
  async hasTokens(): Promise<boolean> {
    return (await this.store.countTokens()) > 0;
  }

  private async info(record: TokenRecord): Promise<TokenInfo> {
    return toInfo(record, await this.store.assignments(record.userId));
  }
}

function toInfo(t: TokenRecord, assignments: Assignment[]): TokenInfo {
  return {
    id: t.id, name: t.name, user: t.user, roles: assignments.map((a) => ({ workspace: a.workspace, role: a.role })),
    createdAt: t.createdAt, expiresAt: t.expiresAt, lastUsedAt: t.lastUsedAt, revoked: t.revokedAt !== null,
  };
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
