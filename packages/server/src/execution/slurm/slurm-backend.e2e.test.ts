/**
 * The Slurm backend against the real dev cluster (scripts/slurm-dev-cluster), with a stand-in
 * runner that prints what it was given: submission, Slurm's pending reasons, cancel, reconciliation
 * by job name, time limits and a node taken down. One file, so its cases never share nodes with each other.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunLaunch } from '../compute-backend.js';
import { privateCluster } from './dev-cluster.js';
import { SlurmBackend, slurmOutcome, type SlurmSettings } from './slurm-backend.js';
import { SlurmCommandError, SlurmCommands } from './slurm-client.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cairn-slurm-backend-'));
const fakeRunner = join(dir, 'fake-runner.sh');
writeFileSync(fakeRunner, '#!/bin/sh\necho "args: $*"\necho "token: $CAIRN_RUN_TOKEN nodes: $SLURM_JOB_NUM_NODES"\nsleep "${FAKE_SLEEP:-0}"\n');
chmodSync(fakeRunner, 0o755);
let seq = 0;

function backend(settings: Partial<SlurmSettings> = {}): SlurmBackend {
  return new SlurmBackend({ settings: { partition: 'debug', maxNodes: 2, ...settings }, client: new SlurmCommands(), runner: { command: [fakeRunner] }, outputDir: join(dir, 'out') });
}

function launch(nodeCount = 1, processCountPerNode = 1): RunLaunch {
  return { runId: `slurmtest_${process.pid}_${++seq}`, workspace: 'default', serverUrl: 'http://127.0.0.1:1', token: 'tok-secret', nodeCount, processCountPerNode };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stateOf(b: SlurmBackend, runId: string, states: string[]) {
  return until(`${runId} in ${states.join('/')}`, async () => (await b.jobsOf([{ runId }])).find((j) => states.includes(j.state)));
}

function outputOf(runId: string): string {
  const file = readdirSync(join(dir, 'out')).find((f) => f.startsWith(`${runId}-`));
  return file ? readFileSync(join(dir, 'out', file), 'utf8') : '';
}

describe('the Slurm backend on the dev cluster', () => {
  let cluster: Awaited<ReturnType<typeof privateCluster>> | undefined;
  beforeAll(async () => { cluster = await privateCluster(); });
  afterAll(async () => {
    await run('scancel', ['--name', Array.from({ length: seq }, (_, i) => `slurmtest_${process.pid}_${i + 1}`).join(',')]).catch(() => undefined);
    await cluster?.down();
  });

  it('submits one job named after the run, on the nodes asked for, the token only in its environment', async () => {
    const b = backend();
    const l = launch(2);
    const handle = await b.submit(l);
    expect(handle).toEqual({ jobId: expect.stringMatching(/^\d+$/), jobName: l.runId });
    await stateOf(b, l.runId, ['COMPLETED']);
    const out = await until('output', async () => outputOf(l.runId).includes('nodes:') ? outputOf(l.runId) : undefined);
    expect(out).toContain(`args: --url http://127.0.0.1:1 --workspace default --run-id ${l.runId} --cache-dir`);
    expect(out).toContain('token: tok-secret nodes: 2');
    expect(b.script(l)).not.toContain('tok-secret');
  });

  it('never submits twice for a run whose job is still live, and reconciles by job name', async () => {
    process.env.FAKE_SLEEP = '30';
    const b = backend();
    const l = launch();
    try {
      const first = await b.submit(l);
      expect(await b.submit(l)).toEqual(first);
      expect((await b.jobsOf([l])).length).toBe(1);
      // A restarted server remembers nothing but the run id.
      expect(await b.reconcile([{ runId: l.runId, handle: {} }, { runId: 'never_submitted_run', handle: {} }])).toEqual(new Map([[l.runId, 'alive'], ['never_submitted_run', 'gone']]));
      await b.cancel({ runId: l.runId, handle: first });
      const job = await stateOf(b, l.runId, ['CANCELLED']);
      expect(job.jobId).toBe(first.jobId);
      expect((await b.reconcile([{ runId: l.runId, handle: first }])).get(l.runId)).toBe('gone');
    } finally {
      delete process.env.FAKE_SLEEP;
    }
  });

  it('shows why a job waits in Slurm words while the nodes are busy', async () => {
    process.env.FAKE_SLEEP = '30';
    const b = backend();
    // Two processes per node take both CPUs of each dev node.
    const [hog, waiting] = [launch(2, 2), launch(1)];
    try {
      await b.submit(hog);
      await stateOf(b, hog.runId, ['RUNNING']);
      await b.submit(waiting);
      // Slurm says `None` until its scheduler has looked at the job.
      const pending = await until('a pending reason', async () => (await b.jobsOf([waiting])).find((j) => j.state === 'PENDING' && j.reason !== ''));
      expect(['Resources', 'Priority']).toContain(pending.reason);
      await b.cancel({ runId: hog.runId, handle: {} });
      await stateOf(b, waiting.runId, ['RUNNING', 'COMPLETED']);
      await b.cancel({ runId: waiting.runId, handle: {} });
    } finally {
      delete process.env.FAKE_SLEEP;
    }
  });

  it('ends a run Failed with Slurm\'s reason when a node is taken down under its job', async () => {
    process.env.FAKE_SLEEP = '60';
    const b = backend();
    const l = launch(2);
    try {
      await b.submit(l);
      const job = await stateOf(b, l.runId, ['RUNNING']);
      await run('scontrol', ['update', 'nodename=n2', 'state=down', 'reason=cairn-test']);
      const failed = await stateOf(b, l.runId, ['NODE_FAIL']);
      expect(slurmOutcome(failed)).toEqual({ status: 'Failed', message: `Slurm ended job ${job.jobId}: node failure (NodeDown)` });
      expect((await b.reconcile([{ runId: l.runId, handle: {} }])).get(l.runId)).toBe('gone');
    } finally {
      delete process.env.FAKE_SLEEP;
      // Back to service as an admin would (ReturnToService=2 does it too, but on a loaded machine only at
      // slurmctld's next successful ping); waiting keeps later cases on two nodes. Already back: resume is refused.
      // `mix` counts: the failed job's allocation may stay on the node until its batch step on n1 ends.
      await run('scontrol', ['update', 'nodename=n2', 'state=resume']).catch(() => undefined);
      let seen = '';
      await until('n2 back', async () => ((seen = (await run('sinfo', ['-h', '-n', 'n2', '-o', '%t %E'])).stdout.trim()).match(/^(idle|mix) /) ? true : undefined), 60_000)
        .catch(async (error: Error) => { throw new Error(`${error.message}; sinfo says: ${seen}; squeue: ${(await run('squeue', ['-h', '-t', 'all', '-o', '%i %j %T %N %r'])).stdout}`); });
    }
  }, 120_000);

  it('ends a run Failed when Slurm kills its job at the time limit', async () => {
    process.env.FAKE_SLEEP = '300';
    const b = backend({ timeLimit: '1' });
    const l = launch();
    try {
      await b.submit(l);
      const ended = await until('the time limit', async () => (await b.jobsOf([l])).find((j) => j.state === 'TIMEOUT'), 150_000);
      expect(slurmOutcome(ended)?.status).toBe('Failed');
      expect(slurmOutcome(ended)?.message).toMatch(/time limit reached/);
    } finally {
      delete process.env.FAKE_SLEEP;
    }
  }, 180_000);

  it('says which command failed and its stderr when Slurm refuses, and leaves reconciliation unknown when Slurm is unreachable', async () => {
    const err = await backend({ partition: 'nosuchpartition' }).submit(launch()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlurmCommandError);
    expect((err as Error).message).toMatch(/^sbatch failed \(exit 1\): .*invalid partition/i);
    const away = new SlurmBackend({ settings: { partition: 'debug', maxNodes: 1 }, client: new SlurmCommands(() => ({ ...process.env, SLURM_CONF: join(dir, 'missing.conf') }), 2000), runner: { command: [fakeRunner] }, outputDir: dir });
    expect(await away.reconcile([{ runId: 'r', handle: {} }])).toEqual(new Map([['r', 'unknown']]));
  });
});
