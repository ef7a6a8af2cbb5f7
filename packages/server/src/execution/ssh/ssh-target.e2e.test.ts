/**
 * SSH compute targets against a real sshd on 127.0.0.1: the key from the vault, the host key pinned
 * on first use and shown, a run that completes with its logs, cancel, reconciliation through the pid
 * file, and a changed host key refused.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnError } from '@cairn/sdk';
import { StoredSshSettings } from '../../compute/ssh-targets.js';
import { startExecServer, submitScript, waitForRun, type ExecFixture } from '../test-support/execution-fixture.js';
import { SshBackend } from './ssh-backend.js';
import { startSshd, type TestSshd } from './test-sshd.js';

async function refusal(p: Promise<unknown>): Promise<CairnError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CairnError);
  return error as CairnError;
}

function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

describe('SSH compute targets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-ssh-'));
  const cache = join(dir, 'runner-cache');
  let sshd: TestSshd;
  let fx: ExecFixture;
  beforeAll(async () => {
    sshd = await startSshd(dir);
    fx = await startExecServer({ execution: { notRespondingMs: 2000, failMs: 20_000 } });
  });
  afterAll(async () => {
    await fx?.server.close();
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const settings = () => ({ host: '127.0.0.1', port: sshd.port, user: 'root', keySecret: 'box-key', maxRuns: 2, runnerCache: cache });

  it('refuses a key secret missing from the vault, then pins the host key on first use and shows it', async () => {
    const missing = await refusal(fx.ws.compute.create({ name: 'box', type: 'ssh', settings: settings() }));
    expect(missing.code).toBe('SECRET_NOT_FOUND');
    expect(missing.message).toContain('box-key');
    await fx.ws.secrets.set('box-key', sshd.clientKey);
    const created = await fx.ws.compute.create({ name: 'box', type: 'ssh', settings: settings() });
    expect(created).toMatchObject({ name: 'box', type: 'ssh', capacity: 2 });
    expect((await fx.ws.compute.get('box')).settings?.hostKey).toBe(await sshd.hostFingerprint());
    expect((await fx.ws.compute.update('box', { maxRuns: 3 })).capacity).toBe(3);
    expect((await refusal(fx.ws.compute.update('box', { maxNodes: 2 }))).message).toMatch(/an ssh target cannot change maxNodes/);
  });

  it('runs a run over SSH with the delivered runner, and its logs come back', async () => {
    const submitted = await submitScript(fx, 'import os\nprint("hello from", os.environ["CAIRN_RUN_ID"], flush=True)\n', { compute: 'box' });
    const ended = await waitForRun(fx, submitted.id, undefined, 60_000);
    expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
    expect((await fx.ws.execution.logs(submitted.id, { stream: 'stdout' })).items.map((l) => l.text)).toEqual([`hello from ${submitted.id}`]);
    expect(existsSync(join(cache, 'runner'))).toBe(true);
  });

  it('cancels a run by stopping its process group on the host, and reconciles through the pid file', async () => {
    const submitted = await submitScript(fx, 'import time\nprint("started", flush=True)\ntime.sleep(120)\n', { compute: 'box' });
    await waitForRun(fx, submitted.id, (r) => r.status === 'Running', 60_000);
    const pid = Number(readFileSync(join(cache, 'ssh-runs', `${submitted.id}.pid`), 'utf8'));
    const stored = (await fx.ws.compute.get('box')).settings!;
    const backend = new SshBackend({ settings: StoredSshSettings.parse(stored), privateKey: async () => sshd.clientKey, bundle: () => Promise.reject(new Error('unused')), killAfterSeconds: 5 });
    const before = await backend.reconcile([{ runId: submitted.id, handle: {} }, { runId: 'never_started', handle: {} }]);
    expect(before).toEqual(new Map([[submitted.id, 'alive'], ['never_started', 'gone']]));
    await fx.ws.runs.cancel(submitted.id);
    expect((await waitForRun(fx, submitted.id, undefined, 30_000)).status).toBe('Canceled');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    expect((await backend.reconcile([{ runId: submitted.id, handle: {} }])).get(submitted.id)).toBe('gone');
  });

  it('fails a run whose runner is killed on the host, as the host says through the pid file', async () => {
    const submitted = await submitScript(fx, 'import time\nprint("started", flush=True)\ntime.sleep(120)\n', { compute: 'box' });
    await waitForRun(fx, submitted.id, (r) => r.status === 'Running', 60_000);
    const pid = Number(readFileSync(join(cache, 'ssh-runs', `${submitted.id}.pid`), 'utf8'));
    // The script's process leads its own group: stop it too, so nothing outlives the test.
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
    for (const child of children) process.kill(-child, 'SIGKILL');
    process.kill(-pid, 'SIGKILL');
    const ended = await waitForRun(fx, submitted.id, undefined, 30_000);
    expect(ended.status).toBe('Failed');
    expect(ended.error).toMatchObject({ code: 'COMPUTE_JOB_ENDED', message: `the runner of run ${submitted.id} on 127.0.0.1 (pid ${pid}) is gone: its process ended without reporting` });
  });

  it('refuses a host whose key changed: the run fails naming both fingerprints', async () => {
    const pinned = await sshd.hostFingerprint();
    await sshd.replaceHostKey();
    const submitted = await submitScript(fx, 'print("must not run")\n', { compute: 'box' });
    const ended = await waitForRun(fx, submitted.id, undefined, 30_000);
    expect(ended.status).toBe('Failed');
    expect(ended.error?.message).toContain(`is ${await sshd.hostFingerprint()}, not the pinned ${pinned}: refusing to connect`);
    expect((await fx.ws.execution.logs(submitted.id, { stream: 'stdout' })).items).toEqual([]);
  });
});
