/** Slurm compute targets over HTTP, against a dev cluster of this file's own (other files take nodes down). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CairnError } from '@cairn/sdk';
import { submitScript, waitForRun } from '../execution/test-support/execution-fixture.js';
import { usePrivateSlurm } from '../test-support/private-slurm.js';

const run = promisify(execFile);

async function refusal(p: Promise<unknown>): Promise<CairnError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CairnError);
  return error as CairnError;
}

describe('Slurm compute targets', () => {
  const { fx } = usePrivateSlurm();

  it('refuses an unknown partition or account, listing what the cluster has', async () => {
    const partition = await refusal(fx.ws.compute.create({ name: 'hpc', type: 'slurm', settings: { partition: 'gpu-a100' } }));
    expect(partition.code).toBe('COMPUTE_SETTINGS_INVALID');
    expect(partition.message).toBe('unknown Slurm partition gpu-a100; valid partitions: debug, small');
    const account = await refusal(fx.ws.compute.create({ name: 'hpc', type: 'slurm', settings: { partition: 'debug', account: 'physics' } }));
    expect(account.code).toBe('COMPUTE_SETTINGS_INVALID');
    expect(account.message).toMatch(/keeps no accounting/);
    expect((await fx.ws.compute.list()).map((t) => t.name)).toEqual(['local']);
  });

  it('creates a target, shows its nodes, runs a run on it with the runner, and refuses to delete it while the run is out', async () => {
    const created = await fx.ws.compute.create({ name: 'hpc', type: 'slurm', settings: { partition: 'debug', maxNodes: 2 } });
    expect(created).toMatchObject({ name: 'hpc', type: 'slurm', capacity: 2, settings: { partition: 'debug', maxNodes: 2 } });
    expect((await refusal(fx.ws.compute.create({ name: 'hpc', type: 'slurm', settings: { partition: 'debug' } }))).code).toBe('COMPUTE_TARGET_EXISTS');
    const shown = await fx.ws.compute.get('hpc');
    expect(shown.nodes?.map((n) => [n.name, n.cpus])).toEqual([['n1', 2], ['n2', 2]]);
    const run = await submitScript(fx, 'import os, time\nprint("job", os.environ["SLURM_JOB_NAME"], flush=True)\ntime.sleep(3)\n', { compute: 'hpc' });
    const inUse = await refusal(fx.ws.compute.delete('hpc'));
    expect(inUse.code).toBe('COMPUTE_TARGET_IN_USE');
    expect(inUse.message).toContain(run.id);
    const ended = await waitForRun(fx, run.id, undefined, 60_000);
    expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
    const lines = (await fx.ws.execution.logs(run.id, { stream: 'stdout' })).items.map((l) => l.text);
    expect(lines).toEqual([`job ${run.id}`]);
    await fx.ws.compute.delete('hpc');
    expect((await refusal(fx.ws.compute.get('hpc'))).code).toBe('COMPUTE_TARGET_NOT_FOUND');
  });

  it('spreads a 2-node × 2-process run over both nodes with srun, every rank with its variables and its own log', async () => {
    await fx.ws.compute.create({ name: 'multi', type: 'slurm', settings: { partition: 'debug', maxNodes: 2 } });
    const script = 'import os\nv = os.environ\nprint("rank", v["RANK"], "of", v["WORLD_SIZE"], "local", v["LOCAL_RANK"], "node", v["NODE_RANK"], v["SLURMD_NODENAME"], "master", v["MASTER_ADDR"], v["MASTER_PORT"], flush=True)\n';
    const submitted = await submitScript(fx, script, { compute: 'multi', distribution: { type: 'pytorch', node_count: 2, process_count_per_node: 2 } });
    const ended = await waitForRun(fx, submitted.id, undefined, 60_000);
    expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
    expect(ended.properties['cairn.slurm.job_id']).toMatch(/^\d+$/);
    const port = /master 127\.0\.0\.1 (\d+)$/.exec((await fx.ws.execution.logs(submitted.id, { rank: 0, stream: 'stdout' })).items[0]?.text ?? '')?.[1];
    expect(port).toMatch(/^\d+$/);
    for (const [rank, local, node] of [[0, 0, 0], [1, 1, 0], [2, 0, 1], [3, 1, 1]]) {
      const lines = (await fx.ws.execution.logs(submitted.id, { rank: rank!, stream: 'stdout' })).items.map((l) => l.text);
      expect(lines).toEqual([`rank ${rank} of 4 local ${local} node ${node} n${node! + 1} master 127.0.0.1 ${port}`]);
    }
  });

  it('counts the nodes Cairn\'s runs hold against --max-nodes: runs beyond it wait in Cairn\'s queue and say so', async () => {
    await fx.ws.compute.create({ name: 'capped', type: 'slurm', settings: { partition: 'debug', maxNodes: 2 } });
    const two = { type: 'pytorch' as const, node_count: 2, process_count_per_node: 1 };
    const first = await submitScript(fx, 'import time\ntime.sleep(4)\n', { compute: 'capped', distribution: two });
    await waitForRun(fx, first.id, (r) => r.properties['cairn.slurm.job_id'] !== undefined, 30_000);
    const second = await submitScript(fx, 'print("second", flush=True)\n', { compute: 'capped' });
    const huge = await submitScript(fx, 'print("never")\n', { compute: 'capped', distribution: { ...two, node_count: 3 } });
    const waiting = await waitForRun(fx, second.id, (r) => r.statusReason?.startsWith('waiting: Cairn') ?? false, 30_000);
    expect(waiting).toMatchObject({ status: 'Queued', statusReason: "waiting: Cairn's runs hold 2 of capped's 2 nodes (max-nodes) and this run needs 1" });
    expect(waiting.properties['cairn.slurm.job_id']).toBeUndefined();
    expect((await waitForRun(fx, huge.id, (r) => r.statusReason?.includes('max-nodes') ?? false)).statusReason).toBe(
      "waiting: this run needs 3 nodes, more than capped's max-nodes (2); raise it with cairn compute update capped --max-nodes, or cancel the run");
    for (const id of [first.id, second.id]) expect((await waitForRun(fx, id, undefined, 60_000)).status).toBe('Completed');
    expect((await fx.ws.runs.get(huge.id)).status).toBe('Queued');
    await fx.ws.runs.cancel(huge.id);
  });

  it('updates a target\'s settings, checked as at create, and later jobs use them', async () => {
    const updated = await fx.ws.compute.update('capped', { maxNodes: 1, timeLimit: '5' });
    expect(updated).toMatchObject({ name: 'capped', capacity: 1, settings: { partition: 'debug', maxNodes: 1, timeLimit: '5' } });
    expect((await fx.ws.compute.get('capped')).capacity).toBe(1);
    expect((await refusal(fx.ws.compute.update('capped', { account: 'physics' }))).code).toBe('COMPUTE_SETTINGS_INVALID');
    expect((await refusal(fx.ws.compute.update('capped', { timeLimit: 'soon' }))).code).toBe('INVALID_INPUT');
    expect((await refusal(fx.ws.compute.update('capped', { maxRuns: 2 }))).message).toBe('a slurm target cannot change maxRuns; it is capped with --max-nodes');
    expect((await refusal(fx.ws.compute.update('local', { maxNodes: 2 }))).message).toMatch(/built in/);
    const timed = await submitScript(fx, 'print("timed", flush=True)\n', { compute: 'capped' });
    const job = (await waitForRun(fx, timed.id, undefined, 60_000)).properties['cairn.slurm.job_id'];
    expect((await run('scontrol', ['show', 'job', job!])).stdout).toMatch(/TimeLimit=00:05:00/);
    expect((await fx.ws.compute.update('capped', { timeLimit: null })).settings).not.toHaveProperty('timeLimit', '5');
  });

  it('keeps a run Queued with Slurm\'s reason while its nodes are busy, then runs it', async () => {
    await fx.ws.compute.create({ name: 'busy', type: 'slurm', settings: { partition: 'debug', maxNodes: 2 } });
    const hog = (await run('sbatch', ['--parsable', '-J', 'hog', '-N2', '--exclusive', '-o', '/dev/null', '--wrap', 'sleep 120'])).stdout.trim();
    try {
      await waitFor(async () => (await run('squeue', ['-h', '-j', hog, '-o', '%T'])).stdout.trim() === 'RUNNING');
      const submitted = await submitScript(fx, 'print("ran after the hog", flush=True)\n', { compute: 'busy' });
      const waiting = await waitForRun(fx, submitted.id, (r) => /^waiting for Slurm job \d+: (Resources|Priority)$/.test(r.statusReason ?? ''), 30_000);
      expect(waiting.status).toBe('Queued');
      // The job id is a property from the moment sbatch answered, while the job still waits.
      expect(waiting.statusReason).toContain(`job ${waiting.properties['cairn.slurm.job_id']}:`);
      await run('scancel', [hog]);
      const ended = await waitForRun(fx, submitted.id, undefined, 60_000);
      expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
    } finally {
      await run('scancel', [hog]).catch(() => undefined);
    }
  });
});

async function waitFor(probe: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}
