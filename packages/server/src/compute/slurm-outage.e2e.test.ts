/**
 * Slurm out of reach when a run is submitted: slurmctld of this file's own cluster is stopped, the run
 * waits `Queued` naming the failed command and its stderr, and runs once slurmctld is back, submitted once.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateCluster } from '../execution/slurm/dev-cluster.js';
import { startExecServer, submitScript, waitForRun, type ExecFixture } from '../execution/test-support/execution-fixture.js';

const run = promisify(execFile);

function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

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
  let fx: ExecFixture;
  let cluster: Awaited<ReturnType<typeof privateCluster>> | undefined;
  beforeAll(async () => {
    cluster = await privateCluster();
    fx = await startExecServer({ execution: { notRespondingMs: 1000, failMs: 20_000 } });
  });
  afterAll(async () => {
    await fx?.server.close();
    await cluster?.down();
  });

  it('keeps the run Queued with the command and its stderr, retries, and submits it once when slurmctld is back', async () => {
    await fx.ws.compute.create({ name: 'flaky', type: 'slurm', settings: { partition: 'debug' } });
    await stopController(cluster!.slurmConf);
    let restarted = false;
    try {
      const submitted = await submitScript(fx, 'print("after the outage", flush=True)\n', { compute: 'flaky' });
      const waiting = await waitForRun(fx, submitted.id, (r) => r.statusReason?.includes('unreachable') ?? false, 60_000);
      expect(waiting.status).toBe('Queued');
      expect(waiting.statusReason).toMatch(/^waiting: flaky unreachable \(attempt \d+, next in \d+ s\): (squeue|sbatch) failed \(exit 1\): .*Unable to contact slurm controller/);
      await startController(cluster!.slurmConf);
      restarted = true;
      const ended = await waitForRun(fx, submitted.id, undefined, 120_000);
      expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
      expect((await fx.ws.execution.logs(submitted.id, { stream: 'stdout' })).items.map((l) => l.text)).toEqual(['after the outage']);
      const jobs = (await run('squeue', ['-h', '-t', 'all', `--name=${submitted.id}`, '-o', '%i'])).stdout.trim().split('\n');
      expect(jobs).toEqual([ended.properties['cairn.slurm.job_id']]);
    } finally {
      if (!restarted) await startController(cluster!.slurmConf);
    }
  }, 180_000);
});
