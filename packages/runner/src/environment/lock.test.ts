import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { withLock } from './lock.js';

const root = mkdtempSync(join(tmpdir(), 'cairn-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('withLock', () => {
  it('lets one holder in at a time and tells a waiter who holds it', async () => {
    const lock = join(root, 'one.lock');
    const order: string[] = [];
    const waits: string[] = [];
    const hold = (name: string) => withLock(lock, async () => {
      order.push(`${name} in`);
      await sleep(150);
      order.push(`${name} out`);
    }, { onWait: (owner) => waits.push(owner) });
    await Promise.all([hold('a'), hold('b')]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(waits).toEqual([`pid ${process.pid} on ${hostname()}`]);
    expect(existsSync(lock)).toBe(false);
  });

  it('waits for a live holder rather than breaking its lock', async () => {
    const lock = join(root, 'live.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() }));
    setTimeout(() => rmSync(lock, { recursive: true, force: true }), 300);
    const started = Date.now();
    await withLock(lock, async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('breaks a lock that never got an owner, once it is old', async () => {
    const lock = join(root, 'ownerless.lock');
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(await withLock(lock, async () => 'ran')).toBe('ran');
    expect(readdirSync(root).filter((n) => n.startsWith('ownerless'))).toEqual([]);
  });

  it('stops waiting when aborted', async () => {
    const lock = join(root, 'abort.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() }));
    await expect(withLock(lock, async () => undefined, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    rmSync(lock, { recursive: true, force: true });
  });
});
