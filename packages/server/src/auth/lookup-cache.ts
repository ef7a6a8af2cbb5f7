/**
 * A short-lived in-process memo of the lookups every request repeats: a token's record and roles, a
 * workspace by name (ADR 12). This process drops everything at once whenever it changes a token, a
 * role or a workspace; another server on the same database sees such a change within `ttlMs`.
 */

/** How long an entry is trusted: the most a second server may lag behind a revocation. */
export const LOOKUP_TTL_MS = 2_000;

interface Entry {
  value: unknown;
  until: number;
}

/** Memoizes async lookups by key for `ttlMs`; `clear()` forgets everything, including lookups under way. */
export class LookupCache {
  private entries = new Map<string, Entry>();
  // Bumped by clear(): a lookup that started before a clear may have read the old rows, so it is not kept.
  private generation = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = LOOKUP_TTL_MS,
    /** Most entries held; past it the cache starts again empty rather than grow without bound. */
    private readonly maxEntries = 10_000,
  ) {}

  /** The value for `key`, loaded with `load` when absent or older than the TTL; failures are not kept. */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry !== undefined && entry.until > now) return entry.value as T;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries = new Map();
      this.entries.set(key, { value, until: now + this.ttlMs });
    }
    return value;
  }

  /** Forgets every entry; call after any write that could change what a lookup returns. */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
