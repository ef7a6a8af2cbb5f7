/**
 * A server restart while Slurm jobs run: the server stops and starts again on the same database and
 * port; the runners keep going, the restarted server finds the jobs by name, submits nothing twice,
 * and the runs finish with all their logs.
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

  it('submits nothing twice and the runs finish normally with all their lines', async () => {
    const db = `sqlite:${join(dataDir, 'cairn.db')}`;
    current = await startServerOn(dataDir, db, 0, timings);
    const port = Number(new URL(current.url).port);
    const client = new CairnClient({ url: current.url, token: current.ownerToken! });
    const fx = { client, ws: client.workspace('default') } as ExecFixture;
    await fx.ws.compute.create({ name: 'hpc', type: 'slurm', settings: { partition: 'debug', maxNodes: 2 } });
    const runs = [await submitScript(fx, TICKER, { compute: 'hpc' }), await submitScript(fx, TICKER, { compute: 'hpc' })];
    for (const r of runs) await waitForRun(fx, r.id, (x) => x.status === 'Running', 60_000);
    await current.stop();
    current = null;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    current = await startServerOn(dataDir, db, port, timings);
    for (const r of runs) {
      const ended = await waitForRun(fx, r.id, undefined, 60_000);
      expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
      expect((await fx.ws.execution.logs(r.id, { stream: 'stdout' })).items.map((l) => l.text)).toEqual(Array.from({ length: 12 }, (_, i) => `tick ${i}`));
      const jobs = (await run('squeue', ['-h', '-t', 'all', `--name=${r.id}`, '-o', '%i'])).stdout.trim().split('\n');
      expect(jobs).toEqual([ended.properties['cairn.slurm.job_id']]);
    }
  }, 150_000);
});
