/**
 * Slurm out of reach when a run is submitted: slurmctld of this file's own cluster is stopped, the run
 * waits `Queued` naming the failed command and its stderr, and runs once slurmctld is back, submitted once.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { submitScript, waitForRun } from '../execution/test-support/execution-fixture.js';
import { usePrivateSlurm } from '../test-support/private-slurm.js';
import { alive } from '../test-support/processes.js';

const run = promisify(execFile);

async function stopController(slurmConf: string): Promise<void> {
  const pid = Number(readFileSync(join(dirname(slurmConf), 'run', 'slurmctld.pid'), 'utf8'));
  process.kill(pid, 'SIGTERM');
  while (alive(pid)) await new Promise((r) => setTimeout(r, 100));
}

async function startController(slurmConf: string): Promise<void> {
  // slurmctld daemonizes: the command returns once the daemon is on its way.
  const child = spawn('slurmctld', ['-f', slurmConf], { stdio: 'ignore', env: { ...process.env, SLURM_CONF: slurmConf } });
  await new Promise((resolve) => child.once('exit', resolve));
}

describe('Slurm unreachable at submit', () => {
  const { fx, cluster } = usePrivateSlurm();

  it('keeps the run Queued with the command and its stderr, retries, and submits it once when slurmctld is back', async () => {
    await fx.ws.compute.create({ name: 'flaky', type: 'slurm', settings: { partition: 'debug' } });
    await stopController(cluster.slurmConf);
    let restarted = false;
    try {
      const submitted = await submitScript(fx, 'print("after the outage", flush=True)\n', { compute: 'flaky' });
      const waiting = await waitForRun(fx, submitted.id, (r) => r.statusReason?.includes('unreachable') ?? false, 60_000);
      expect(waiting.status).toBe('Queued');
      expect(waiting.statusReason).toMatch(/^waiting: flaky unreachable \(attempt \d+, next in \d+ s\): (squeue|sbatch) failed \(exit 1\): .*Unable to contact slurm controller/);
      await startController(cluster.slurmConf);
      restarted = true;
      const ended = await waitForRun(fx, submitted.id, undefined, 120_000);
      expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
      expect((await fx.ws.execution.logs(submitted.id, { stream: 'stdout' })).items.map((l) => l.text)).toEqual(['after the outage']);
      const jobs = (await run('squeue', ['-h', '-t', 'all', `--name=${submitted.id}`, '-o', '%i'])).stdout.trim().split('\n');
      expect(jobs).toEqual([ended.properties['cairn.slurm.job_id']]);
    } finally {
      if (!restarted) await startController(cluster.slurmConf);
    }
  }, 180_000);
});
