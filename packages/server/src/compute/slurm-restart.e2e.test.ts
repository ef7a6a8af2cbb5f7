/**
 * A server restart while Slurm jobs run: the server stops and starts again on the same database and
 * port; the runners keep going, the restarted server finds the jobs by name, submits nothing twice,
 * and the runs finish with all their logs — except the one whose runner was killed during the
 * outage, which the restarted server fails at start (RUNNER_GONE) instead of waiting for the watchdog.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '@cairn/sdk';
import { privateCluster } from '../execution/slurm/dev-cluster.js';
import { fastExecution, submitScript, waitForRun, type ExecFixture } from '../execution/test-support/execution-fixture.js';
import { startServerOn, type RestartableServer } from '../execution/test-support/server-process.js';

const run = promisify(execFile);
const TICKER = 'import time\nfor i in range(12):\n    print("tick", i, flush=True)\n    time.sleep(0.4)\n';
const SLEEPER = 'import time\nprint("up", flush=True)\ntime.sleep(300)\n';
// A Slurm job starts its runner a second or two after submission; the outage is shorter than the failure delay.
const timings = { ...fastExecution, notRespondingMs: 1000, failMs: 20_000 };

describe('a server restart while Slurm jobs run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-slurm-restart-'));
  let cluster: Awaited<ReturnType<typeof privateCluster>> | undefined;
  let current: RestartableServer | null = null;
  beforeAll(async () => { cluster = await privateCluster(); });
  afterAll(async () => {
    await current?.stop();
    await cluster?.down();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('submits nothing twice, the runs finish normally with all their lines, and a run whose runner died meanwhile fails at start', async () => {
    const db = `sqlite:${join(dataDir, 'cairn.db')}`;
    current = await startServerOn(dataDir, db, 0, timings);
    const port = Number(new URL(current.url).port);
    const client = new CairnClient({ url: current.url, token: current.ownerToken! });
    const fx = { client, ws: client.workspace('default') } as ExecFixture;
    await fx.ws.compute.create({ name: 'hpc', type: 'slurm', settings: { partition: 'debug', maxNodes: 2 } });
    const runs = [await submitScript(fx, TICKER, { compute: 'hpc' }), await submitScript(fx, SLEEPER, { compute: 'hpc' })];
    for (const r of runs) await waitForRun(fx, r.id, (x) => x.status === 'Running', 60_000);
    const doomed = (await fx.ws.runs.get(runs[1]!.id)).properties['cairn.slurm.job_id']!;
    await current.stop();
    current = null;
    // The runner is SIGKILLed (its script dies with it) and reports nothing; its job ends; only the restarted server can end the run.
    await run('pkill', ['-KILL', '-f', '--', `--run-id ${runs[1]!.id}`]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    current = await startServerOn(dataDir, db, port, timings);
    const gone = await waitForRun(fx, runs[1]!.id, undefined, 15_000);
    // At once from start-up reconciliation (the watchdog would wait failMs and say RUNNER_NOT_RESPONDING).
    expect(gone).toMatchObject({ status: 'Failed', error: { code: 'RUNNER_GONE', message: expect.stringContaining(`Slurm job ${doomed}`) } });
    for (const r of runs.slice(0, 1)) {
      const ended = await waitForRun(fx, r.id, undefined, 60_000);
      expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
      expect((await fx.ws.execution.logs(r.id, { stream: 'stdout' })).items.map((l) => l.text)).toEqual(Array.from({ length: 12 }, (_, i) => `tick ${i}`));
      const jobs = (await run('squeue', ['-h', '-t', 'all', `--name=${r.id}`, '-o', '%i'])).stdout.trim().split('\n');
      expect(jobs).toEqual([ended.properties['cairn.slurm.job_id']]);
    }
  }, 150_000);
});
