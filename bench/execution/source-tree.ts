/** Source directories for the benchmarks: many files of a given total size, and the scripts to run. */
import { randomBytes } from 'node:crypto';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes `count` files of `bytesEach` random bytes under `dir/data/<group>/`, 100 per folder. */
export async function writeTree(dir: string, count: number, bytesEach: number): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    const folder = join(dir, 'pkg', `group${String(i / 100).padStart(2, '0')}`);
    await mkdir(folder, { recursive: true });
    await Promise.all(Array.from({ length: Math.min(100, count - i) }, async (_, j) => {
      const file = join(folder, `file${i + j}.bin`);
      await writeFile(file, randomBytes(bytesEach));
      // An unchanged directory was written a while ago; files changed within seconds of being hashed
      // are hashed again on purpose (see hash-cache.ts), which is not what this measures.
      await utimes(file, OLD, OLD);
    }));
  }
}

const OLD = new Date(Date.now() - 3_600_000);

/** A script that prints one line at once and ends. */
export const FIRST_LINE = 'print("first line", flush=True)\n';

/**
 * A script that waits for the follower to attach, then prints `count` lines `t=<epoch ms>` every
 * `everyMs`, so a reader can tell how long each took to reach it.
 */
export function timedLines(count: number, everyMs: number, waitMs: number): string {
  return `import time\ntime.sleep(${waitMs / 1000})\nfor i in range(${count}):\n    print(f"t={time.time() * 1000:.1f}", flush=True)\n    time.sleep(${everyMs / 1000})\n`;
}
