import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExecServer, submitScript, waitForRun, type ExecFixture } from './test-support/execution-fixture.js';

describe('the local target at capacity', () => {
  let fx: ExecFixture;
  beforeAll(async () => { fx = await startExecServer({ execution: { localCapacity: 1 } }); });
  afterAll(async () => { await fx?.server.close(); });

  it('runs one at a time and tells the waiting runs how many are ahead', async () => {
    const script = 'import time\nprint("go", flush=True)\ntime.sleep(1.5)\n';
    const first = await submitScript(fx, script);
    await waitForRun(fx, first.id, (r) => r.status === 'Running');
    const second = await submitScript(fx, script);
    const third = await submitScript(fx, `${script}# third\n`);
    expect((await waitForRun(fx, third.id, (r) => r.statusReason === 'waiting: 2 runs ahead on local')).status).toBe('Queued');
    expect((await fx.ws.runs.get(second.id)).statusReason).toBe('waiting: 1 run ahead on local');
    expect(await fx.ws.compute.get('local')).toMatchObject({ name: 'local', type: 'local', capacity: 1, active: 1, queued: 2 });
    const ends = await Promise.all([first, second, third].map((r) => waitForRun(fx, r.id)));
    expect(ends.map((r) => r.status)).toEqual(['Completed', 'Completed', 'Completed']);
    // One at a time: each started after the previous one ended.
    expect(ends[1]!.startedAt!).toBeGreaterThanOrEqual(ends[0]!.endedAt!);
    expect(ends[2]!.startedAt!).toBeGreaterThanOrEqual(ends[1]!.endedAt!);
  });

  it('cancels a queued run at once', async () => {
    const blocker = await submitScript(fx, 'import time\ntime.sleep(2)\n');
    const queued = await submitScript(fx, 'print("never")\n');
    const canceled = await fx.ws.runs.cancel(queued.id);
    expect(canceled.status).toBe('Canceled');
    await waitForRun(fx, blocker.id);
    expect((await fx.ws.execution.logs(queued.id)).items).toEqual([]);
  });
});
