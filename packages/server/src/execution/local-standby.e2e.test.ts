import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, startExecServer, submitScript, waitForRun, type ExecFixture } from './test-support/execution-fixture.js';

/** When the process with these start ticks (field 22 of /proc/PID/stat) started, in epoch ms. */
function startedAtMs(ticks: string): number {
  const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]);
  return (bootSeconds + Number(ticks) / 100) * 1000;
}

async function handleOf(fx: ExecFixture, runId: string): Promise<{ pid: number; startTime: string }> {
  const row = await fx.server.metadata.db.selectFrom('run_executions').select('handle').where('run_id', '=', runId).executeTakeFirstOrThrow();
  return JSON.parse(row.handle!) as { pid: number; startTime: string };
}

describe('the local target with a standby runner', () => {
  let fx: ExecFixture;
  beforeAll(async () => { fx = await startExecServer(); });
  afterAll(async () => { await fx?.server.close(); });

  it('hands the next run to a runner started before that run was submitted, and stops the standby on close', async () => {
    const first = await submitScript(fx, 'print("one")\n');
    expect((await waitForRun(fx, first.id)).status).toBe('Completed');
    // The standby starts a moment after the run it follows (standbyDelayMs): wait for it.
    const firstRunner = (await handleOf(fx, first.id)).pid;
    await expect.poll(() => standbyPids([firstRunner]).length, { timeout: 10_000 }).toBe(1);
    const submittedAt = Date.now();
    const second = await submitScript(fx, 'print("two")\n');
    expect((await waitForRun(fx, second.id)).status).toBe('Completed');
    const handle = await handleOf(fx, second.id);
    // Clock ticks are 10 ms; the standby started after the first run, before this one was submitted.
    expect(startedAtMs(handle.startTime)).toBeLessThan(submittedAt);
    const lines = (await fx.ws.execution.logs(second.id, { stream: 'stdout' })).items.map((l) => l.text);
    expect(lines).toEqual(['two']);
    const third = await submitScript(fx, 'print("three")\n');
    expect((await waitForRun(fx, third.id)).status).toBe('Completed');
    const runners = [handle.pid, (await handleOf(fx, third.id)).pid];
    await expect.poll(() => standbyPids(runners).length, { timeout: 10_000 }).toBe(1);
    const standby = standbyPids(runners)[0]!;
    await fx.server.close();
    await expect.poll(() => alive(standby), { timeout: 10_000 }).toBe(false);
  });
});

/** The standbys waiting now: runners this process started with `--standby` that run no run of `runners`. */
function standbyPids(runners: number[]): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    if (runners.includes(pid)) return false;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--standby');
    } catch {
      return false;
    }
  });
}
