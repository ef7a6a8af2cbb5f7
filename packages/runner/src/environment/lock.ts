/**
 * A lock between processes on one node: a directory made atomically with `mkdir`, holding the owner's
 * pid and host. A lock whose owner is gone (same host, dead pid) or that never got an owner file is
 * broken, so a crashed builder cannot block a node forever.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 100;
/** A lock directory with no owner file after this long was left by a builder that died at once. */
const OWNERLESS_STALE_MS = 10_000;

interface Owner {
  pid: number;
  host: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(lockDir: string): Promise<Owner | null> {
  try {
    return JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8')) as Owner;
  } catch {
    return null;
  }
}

/** Whether the lock at `lockDir` was left behind by a holder that can no longer release it. */
async function isStale(lockDir: string): Promise<boolean> {
  const owner = await readOwner(lockDir);
  if (owner) return owner.host === hostname() && !isAlive(owner.pid);
  const since = await stat(lockDir).then((s) => Date.now() - s.mtimeMs, () => 0);
  return since > OWNERLESS_STALE_MS;
}

/**
 * Removes a stale lock. It is first renamed away (only one waiter can win that), then checked again: a
 * waiter that judged late may have renamed a lock someone just took, and puts it back.
 */
async function breakLock(lockDir: string): Promise<void> {
  const tomb = `${lockDir}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockDir, tomb);
  } catch {
    return; // someone else broke it first
  }
  if (await isStale(tomb)) await rm(tomb, { recursive: true, force: true });
  else await rename(tomb, lockDir).catch(() => rm(tomb, { recursive: true, force: true }));
}

async function tryAcquire(lockDir: string): Promise<boolean> {
  try {
    await mkdir(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  await writeFile(join(lockDir, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() }));
  return true;
}

/**
 * Runs `fn` holding the lock; waits (polling) while another process holds it, calling `onWait` once.
 * Inside one process callers are serialised too, since each acquisition needs the directory.
 */
export async function withLock<T>(lockDir: string, fn: () => Promise<T>, opts: { signal?: AbortSignal; onWait?: (owner: string) => void } = {}): Promise<T> {
  let told = false;
  while (!(await tryAcquire(lockDir))) {
    opts.signal?.throwIfAborted();
    if (await isStale(lockDir)) {
      await breakLock(lockDir);
      continue;
    }
    if (!told) {
      told = true;
      const owner = await readOwner(lockDir);
      opts.onWait?.(owner ? `pid ${owner.pid} on ${owner.host}` : 'another process');
    }
    await sleep(POLL_MS, undefined, opts.signal ? { signal: opts.signal } : {});
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
