/**
 * A standby runner's spare working directory: while it waits for a run, it copies the tree of the
 * snapshot the node ran last (`trees/LAST`), since submitting the same code again is the common
 * case. A run of that snapshot then gets the spare renamed into place instead of waiting for the
 * copy; a run of another snapshot copies as usual and the spare is thrown away. Spares are per
 * process (`spare/<pid>`); those of processes that are gone are removed.
 */
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyTree, readCount } from './snapshot.js';
import { trace } from './trace.js';

export class SpareCopy {
  private readonly dir: string;
  private snapshotId: string | null = null;
  private copying: Promise<boolean> | null = null;
  private taken = false;

  /**
   * Starts copying the last snapshot's tree at once, at the lowest CPU priority: a standby starts
   * while the run before it is starting, which must not wait for the copy; a run submitted right
   * after it should find the copy done.
   */
  constructor(private readonly cacheDir: string) {
    this.dir = join(cacheDir, 'spare', String(process.pid));
    void this.begin().catch(() => undefined);
  }

  private async begin(): Promise<void> {
    await removeOrphans(join(this.cacheDir, 'spare'));
    // The run handed over as this standby started may note a new last snapshot meanwhile: copy again then.
    for (let pass = 0; pass < 2 && !this.taken; pass++) {
      const snapshotId = (await readFile(join(this.cacheDir, 'trees', 'LAST'), 'utf8').catch(() => '')).trim();
      const tree = join(this.cacheDir, 'trees', snapshotId);
      if (snapshotId === this.snapshotId || !/^[0-9a-f]{64}$/.test(snapshotId) || (await readCount(tree)) === null || this.taken) return;
      if (this.snapshotId) await this.drop();
      this.snapshotId = snapshotId;
      trace(`spare: copying ${snapshotId.slice(0, 12)}`);
      this.copying = mkdir(this.dir, { recursive: true }).then(() => copyTree(tree, this.dir, true)).then(() => true, () => false);
      trace(`spare: copied (${await this.copying})`);
    }
  }

  /** Forgets the spare before removing it, so that no run is given a directory being removed. */
  private async drop(): Promise<void> {
    this.snapshotId = null;
    this.copying = null;
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Moves the spare to `workDir` when it holds (or is copying) `snapshotId` and answers true; otherwise drops it. Never waits for a copy of another snapshot. */
  async take(snapshotId: string, workDir: string): Promise<boolean> {
    this.taken = true;
    trace(`spare: asked for ${snapshotId.slice(0, 12)}, holding ${this.snapshotId?.slice(0, 12) ?? 'none'}`);
    if (this.copying && snapshotId === this.snapshotId && (await this.copying)) {
      await mkdir(join(workDir, '..'), { recursive: true });
      if (await rename(this.dir, workDir).then(() => true, () => false)) return true;
    }
    void this.copying?.then(() => rm(this.dir, { recursive: true, force: true }));
    return false;
  }
}

async function removeOrphans(spares: string): Promise<void> {
  for (const name of await readdir(spares).catch(() => [] as string[])) {
    if (/^\d+$/.test(name) && !processExists(Number(name))) await rm(join(spares, name), { recursive: true, force: true });
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
