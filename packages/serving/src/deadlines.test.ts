import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineQueue } from './deadlines.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('deadline queue', () => {
  it('expires entries at their deadlines, oldest first, skipping the settled ones', () => {
    const expired: string[] = [];
    const queue = new DeadlineQueue<{ name: string; settled: boolean }>(Date.now, (entry) => expired.push(entry.name));
    const start = Date.now();
    const a = { name: 'a', settled: false };
    const b = { name: 'b', settled: false };
    const c = { name: 'c', settled: false };
    queue.add(a, start + 100);
    queue.add(b, start + 150);
    queue.add(c, start + 300);
    b.settled = true;
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(200);
    expect(expired).toEqual(['a', 'c']);
  });

  it('expires nothing after clear()', () => {
    const expired: number[] = [];
    const queue = new DeadlineQueue<{ settled: boolean; n: number }>(Date.now, (entry) => expired.push(entry.n));
    for (let n = 0; n < 3000; n += 1) queue.add({ settled: n % 2 === 0, n }, Date.now() + 10);
    queue.clear();
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([]);
  });

  it('keeps expiring across thousands of entries settled in order', () => {
    const expired: number[] = [];
    const queue = new DeadlineQueue<{ settled: boolean; n: number }>(Date.now, (entry) => expired.push(entry.n));
    const entries = Array.from({ length: 5000 }, (_, n) => ({ settled: false, n }));
    for (const entry of entries) {
      queue.add(entry, Date.now() + 50);
      if (entry.n !== 4999) entry.settled = true;
    }
    vi.advanceTimersByTime(50);
    expect(expired).toEqual([4999]);
  });
});
