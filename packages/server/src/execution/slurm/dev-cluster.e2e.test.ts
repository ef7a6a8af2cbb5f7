import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { devCluster, sharedCluster } from './dev-cluster.js';
import { alive } from '../../test-support/processes.js';

const run = promisify(execFile);

describe('scripts/slurm-dev-cluster', () => {
  it('starts two nodes that run one srun across both, reports status, and tears everything down', async () => {
    // The shared cluster first: munged is then already running and this separate cluster leaves it alone.
    await sharedCluster();
    const dir = join(mkdtempSync(join(tmpdir(), 'cairn-slurm-test-')), 'cluster');
    // Ports of its own: other runs of the suite may hold clusters on this machine at the same time.
    const port = 20_000 + 3 * randomInt(0, 5000);
    const up = await devCluster('up', { dir, port });
    expect(up.stdout).toMatch(/n1\s+debug\*\s+idle/);
    expect(up.stdout).toMatch(/n2\s+debug\*\s+idle/);
    const env = { ...process.env, SLURM_CONF: up.slurmConf };
    const { stdout } = await run('srun', ['-N2', '-n4', 'bash', '-c', 'echo $SLURM_PROCID $SLURMD_NODENAME'], { env, timeout: 30_000 });
    expect(stdout.trim().split('\n').sort()).toEqual(['0 n1', '1 n1', '2 n2', '3 n2']);
    expect((await devCluster('status', { dir, port })).stdout).toContain(up.slurmConf);
    const pids = (await run('cat', [join(dir, 'run', 'slurmctld.pid'), join(dir, 'run', 'slurmd-n1.pid'), join(dir, 'run', 'slurmd-n2.pid')])).stdout.trim().split('\n').map(Number);
    await devCluster('down', { dir, port });
    expect(existsSync(dir)).toBe(false);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    await expect(devCluster('status', { dir, port })).rejects.toThrow();
  });
});
