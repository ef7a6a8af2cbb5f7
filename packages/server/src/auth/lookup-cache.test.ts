import { describe, expect, it } from 'vitest';
import { LookupCache } from './lookup-cache.js';

/** A clock the test moves by hand. */
function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('LookupCache', () => {
  it('answers from memory within the TTL and loads again after it', async () => {
    const time = clock();
    const cache = new LookupCache(time.now, 2_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    time.advance(1_999);
    expect(await cache.get('k', load)).toBe(1);
    time.advance(1);
    expect(await cache.get('k', load)).toBe(2);
  });

  it('forgets everything on clear, and does not keep a lookup that was under way during it', async () => {
    const cache = new LookupCache(clock().now, 60_000);
    let release!: () => void;
    const slow = cache.get('k', () => new Promise<string>((resolve) => (release = () => resolve('read before the clear'))));
    cache.clear();
    release();
    expect(await slow).toBe('read before the clear');
    expect(await cache.get('k', async () => 'read after the clear')).toBe('read after the clear');
  });

  it('keeps no failure', async () => {
    const cache = new LookupCache(clock().now, 60_000);
    await expect(cache.get('k', async () => { throw new Error('not found'); })).rejects.toThrow('not found');
    expect(await cache.get('k', async () => 'found')).toBe('found');
  });

  it('starts again empty past its size bound', async () => {
    const cache = new LookupCache(clock().now, 60_000, 2);
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => key);
    expect(await cache.get('a', async () => 'reloaded')).toBe('reloaded');
  });
});
