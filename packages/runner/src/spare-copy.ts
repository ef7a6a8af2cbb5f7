/**
 * Spare working directories: while a standby runner waits for a run, it copies the tree of the
 * snapshot the node ran last (`trees/LAST`), since submitting the same code again is the common
 * case. A run of that snapshot then gets a spare renamed into place instead of waiting for a copy; a
 * run of another snapshot copies as usual. Copying 2,000 small files costs the kernel about half a
 * second of inode creation, longer than between two submits in a row, so the node keeps a pool of
 * two (`spare/<snapshot>.<pid>.<n>`, claimed by rename), filled by whichever standby is waiting. A copy
 * being made is `spare/tmp-<pid>`; those of processes that are gone are removed, and so are spares of
 * any snapshot other than the last.
 */
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyTree, readCount } from './snapshot.js';
import { trace } from './trace.js';

/** Spares kept ready (or being copied) for the last snapshot. */
const POOL = 2;

interface OwnCopy {
  snapshotId: string;
  dir: string;
  done: Promise<boolean>;
  /** A run of this snapshot found none ready and waits for this very copy: it is not put in the pool. */
  claimed: boolean;
}

export class SpareCopy {
  private readonly pool: string;
  private own: OwnCopy | null = null;
  private taken = false;
  private copies = 0;

  /** Starts filling the pool at once, at the lowest CPU priority (the run handed over just before must not wait). */
  constructor(private readonly cacheDir: string) {
    this.pool = join(cacheDir, 'spare');
    void this.fill().catch(() => undefined);
  }

  private async fill(): Promise<void> {
    for (let pass = 0; pass < POOL && !this.taken; pass++) {
      const snapshotId = (await readFile(join(this.cacheDir, 'trees', 'LAST'), 'utf8').catch(() => '')).trim();
      const tree = join(this.cacheDir, 'trees', snapshotId);
      if (!/^[0-9a-f]{64}$/.test(snapshotId) || (await readCount(tree)) === null || this.taken) return;
      if ((await tidy(this.pool, snapshotId)) >= POOL || this.taken) return;
      const dir = join(this.pool, `tmp-${process.pid}`);
      trace(`spare: copying ${snapshotId.slice(0, 12)}`);
      const own: OwnCopy = { snapshotId, dir, claimed: false, done: mkdir(dir, { recursive: true }).then(() => copyTree(tree, dir, true)).then(() => true, () => false) };
      this.own = own;
      const copied = await own.done;
      trace(`spare: copied (${copied})`);
      if (!copied || own.claimed) return;
      await rename(dir, join(this.pool, `${snapshotId}.${process.pid}.${this.copies++}`));
      this.own = null;
    }
  }

  /** Moves a spare of `snapshotId` to `workDir` and answers true; false when there is none ready or being copied here. */
  async take(snapshotId: string, workDir: string): Promise<boolean> {
    this.taken = true;
    await mkdir(join(workDir, '..'), { recursive: true });
    const ready = await claimReady(this.pool, snapshotId, workDir);
    const own = this.own?.snapshotId === snapshotId ? this.own : null;
    trace(`spare: asked for ${snapshotId.slice(0, 12)}, ${ready ? 'one was ready' : own ? 'waiting for the copy' : 'none'}`);
    if (ready || !own) return ready;
    own.claimed = true;
    if (!(await own.done)) return false;
    // Finished just before it was claimed, the copy went to the pool: take it from there.
    return (await rename(own.dir, workDir).then(() => true, () => false)) || claimReady(this.pool, snapshotId, workDir);
  }
}

/** Renames a ready spare of the snapshot to `workDir`; another runner may claim the same one first. */
async function claimReady(pool: string, snapshotId: string, workDir: string): Promise<boolean> {
  for (const name of await readdir(pool).catch(() => [] as string[])) {
    if (name.startsWith(`${snapshotId}.`) && (await rename(join(pool, name), workDir).then(() => true, () => false))) return true;
  }
  return false;
}

/** Removes copies of processes that are gone and spares of other snapshots; answers how many are ready or being copied. */
async function tidy(pool: string, snapshotId: string): Promise<number> {
  let count = 0;
  for (const name of await readdir(pool).catch(() => [] as string[])) {
    const copying = /^tmp-(\d+)$/.exec(name);
    const keep = copying ? processExists(Number(copying[1])) : name.startsWith(`${snapshotId}.`);
    if (keep) count++;
    else await rm(join(pool, name), { recursive: true, force: true });
  }
  return count;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
