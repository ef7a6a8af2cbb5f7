import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CairnClient } from '@cairn/sdk';
import { fastExecution, snapshotOf, waitForRun, type ExecFixture } from './test-support/execution-fixture.js';
import { startServerOn, type RestartableServer } from './test-support/server-process.js';

const TICKER = 'import time\nfor i in range(20):\n    print("tick", i, flush=True)\n    time.sleep(0.15)\n';
// The outage lasts longer than NotResponding's delay but shorter than the failure's.
const timings = { ...fastExecution, failMs: 15_000 };

describe('a server restart while a run executes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-restart-'));
  let current: RestartableServer | null = null;
  afterAll(async () => {
    await current?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing: the runner buffers, retries with the same batch keys, and the run completes; a runner gone meanwhile fails its run', async () => {
    const db = `sqlite:${join(dataDir, 'cairn.db')}`;
    current = await startServerOn(dataDir, db, 0, timings);
    const port = Number(new URL(current.url).port);
    const client = new CairnClient({ url: current.url, token: current.ownerToken! });
    const fx = { client, ws: client.workspace('default') } as ExecFixture;
    const snapshotId = await snapshotOf(fx, { 'train.py': TICKER });
    const run = await fx.ws.execution.submit({ experiment: 'restart', snapshotId, runConfig: { script: 'train.py' } });
    const doomed = await fx.ws.execution.submit({ experiment: 'restart', snapshotId, runConfig: { script: 'train.py' } });
    await waitForRun(fx, run.id, (r) => r.status === 'Running');
    await waitForRun(fx, doomed.id, (r) => r.status === 'Running');
    const row = await current.metadata.db.selectFrom('run_executions').select('handle').where('run_id', '=', doomed.id).executeTakeFirstOrThrow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await current.stop();
    current = null;
    process.kill(Number(JSON.parse(row.handle!).pid), 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    current = await startServerOn(dataDir, db, port, timings);
    const ended = await waitForRun(fx, run.id);
    expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
    const lines = (await fx.ws.execution.logs(run.id, { stream: 'stdout' })).items.map((l) => l.text);
    expect(lines).toEqual(Array.from({ length: 20 }, (_, i) => `tick ${i}`));
    // Failed at start-up by reconciliation, long before the watchdog's 15 s.
    const gone = await waitForRun(fx, doomed.id, undefined, 5000);
    expect(gone.status).toBe('Failed');
    expect(gone.error?.code).toBe('RUNNER_GONE');
  });
});
