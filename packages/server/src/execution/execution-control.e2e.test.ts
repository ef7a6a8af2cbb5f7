import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, snapshotOf, startExecServer, submitScript, waitForRun, type ExecFixture } from './test-support/execution-fixture.js';

// Prints its own pid and a child's, then sleeps: cancel must stop both.
const SLEEPER = `
import os, subprocess, time
child = subprocess.Popen(["sleep", "60"])
print("pids", os.getpid(), child.pid, flush=True)
time.sleep(60)
`;

async function pidsOf(fx: ExecFixture, runId: string): Promise<number[]> {
  for (;;) {
    const line = (await fx.ws.execution.logs(runId, { stream: 'stdout' })).items.find((l) => l.text.startsWith('pids '));
    if (line) return line.text.split(' ').slice(1).map(Number);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function gone(pids: number[], timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('stopping runs', () => {
  let fx: ExecFixture;
  beforeAll(async () => { fx = await startExecServer(); });
  afterAll(async () => { await fx?.server.close(); });

  it('cancels a sleeping script: CancelRequested, then Canceled, and its process tree is gone', async () => {
    const run = await submitScript(fx, SLEEPER);
    const pids = await pidsOf(fx, run.id);
    expect(pids.every(alive)).toBe(true);
    const canceling = await fx.ws.runs.cancel(run.id);
    expect(canceling.status).toBe('CancelRequested');
    const ended = await waitForRun(fx, run.id);
    expect(ended.status).toBe('Canceled');
    expect(await gone(pids)).toBe(true);
  });

  it('stops a run past max_run_duration_seconds with a timeout error', async () => {
    const run = await submitScript(fx, SLEEPER, { max_run_duration_seconds: 1 });
    const pids = await pidsOf(fx, run.id);
    const ended = await waitForRun(fx, run.id);
    expect(ended.status).toBe('Failed');
    expect(ended.error?.code).toBe('RUN_TIMED_OUT');
    expect(ended.error?.message).toContain('max_run_duration_seconds');
    expect(await gone(pids)).toBe(true);
  });

  it('fails a run whose runner was killed, through the watchdog; the script and its child die with the runner', async () => {
    const run = await submitScript(fx, SLEEPER);
    const pids = await pidsOf(fx, run.id);
    await waitForRun(fx, run.id, (r) => r.status === 'Running');
    const row = await fx.server.metadata.db.selectFrom('run_executions').select('handle').where('run_id', '=', run.id).executeTakeFirstOrThrow();
    process.kill(Number(JSON.parse(row.handle!).pid), 'SIGKILL');
    expect(await gone(pids)).toBe(true);
    const silent = await waitForRun(fx, run.id, (r) => r.status !== 'Running');
    expect(silent.status).toBe('NotResponding');
    const ended = await waitForRun(fx, run.id);
    expect(ended.status).toBe('Failed');
    expect(ended.error?.code).toBe('RUNNER_NOT_RESPONDING');
    expect(ended.error?.message).toContain('stopped sending heartbeats');
  });
});

describe('distribution and run tokens', () => {
  let fx: ExecFixture;
  beforeAll(async () => { fx = await startExecServer(); });
  afterAll(async () => { await fx?.server.close(); });

  it('starts 2 ranks on one node with the PyTorch and MPI variables, and keeps logs per rank', async () => {
    const script = 'import os\nprint(*[os.environ[k] for k in ["RANK", "LOCAL_RANK", "WORLD_SIZE", "NODE_RANK", "OMPI_COMM_WORLD_RANK", "MASTER_ADDR"]])\n';
    const run = await submitScript(fx, script, { distribution: { type: 'pytorch', process_count_per_node: 2 } });
    expect((await waitForRun(fx, run.id)).status).toBe('Completed');
    const rank0 = await fx.ws.execution.logs(run.id, { rank: 0, stream: 'stdout' });
    const rank1 = await fx.ws.execution.logs(run.id, { rank: 1, stream: 'stdout' });
    expect(rank0.items.map((l) => l.text)).toEqual(['0 0 2 0 0 127.0.0.1']);
    expect(rank1.items.map((l) => l.text)).toEqual(['1 1 2 0 1 127.0.0.1']);
  });

  it('lets a run token read its granted secret and its own run, but not another run', async () => {
    await fx.ws.secrets.set('db-password', 's3cret-value');
    const other = await fx.ws.runs.create({ experiment: 'exec-test' });
    const script = `
import os, sys, urllib.request, urllib.error
from azureml.core import Run
run = Run.get_context()
print("secret", run.get_secret("db-password"))
def status(path):
    req = urllib.request.Request(os.environ["CAIRN_URL"] + "/api/v1/workspaces/default/runs/" + path, headers={"Authorization": "Bearer " + os.environ["CAIRN_RUN_TOKEN"]})
    try:
        return urllib.request.urlopen(req).status
    except urllib.error.HTTPError as e:
        return e.code
print("own", status(os.environ["CAIRN_RUN_ID"]))
print("other", status(sys.argv[1]))
`;
    const run = await submitScript(fx, script, { secrets: ['db-password'], arguments: [other.id] });
    const ended = await waitForRun(fx, run.id);
    expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
    const stdout = (await fx.ws.execution.logs(run.id, { stream: 'stdout' })).items.map((l) => l.text);
    expect(stdout).toEqual(['secret s3cret-value', 'own 200', 'other 403']);
    expect(ended.properties['cairn.secret_read.db-password']).toBe('true');
    // Once the run ended its token stops working.
    const revoked = async () => (await fx.server.metadata.db.selectFrom('tokens').select('revoked_at').where('run_id', '=', run.id).executeTakeFirstOrThrow()).revoked_at;
    const deadline = Date.now() + 5000;
    while ((await revoked()) === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await revoked()).not.toBeNull();
  });

  it('lets a submitted script register a model from its own outputs, but not from another run', async () => {
    const other = await fx.ws.runs.create({ experiment: 'exec-test' });
    const script = `
import json, os, sys, urllib.request, urllib.error
from azureml.core import Run
run = Run.get_context()
os.makedirs("outputs", exist_ok=True)
with open("outputs/model.txt", "w") as f:
    f.write("weights")
print("registered", run.register_model(model_name="from-run", model_path="outputs/model.txt").id)
body = json.dumps({"name": "stolen", "runId": sys.argv[1], "path": "outputs/x"}).encode()
req = urllib.request.Request(os.environ["CAIRN_URL"] + "/api/v1/workspaces/default/models", data=body, method="POST",
    headers={"Authorization": "Bearer " + os.environ["CAIRN_RUN_TOKEN"], "Content-Type": "application/json"})
try:
    print("other", urllib.request.urlopen(req).status)
except urllib.error.HTTPError as e:
    print("other", e.code)
`;
    const run = await submitScript(fx, script, { arguments: [other.id] });
    const ended = await waitForRun(fx, run.id);
    expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
    const stdout = (await fx.ws.execution.logs(run.id, { stream: 'stdout' })).items.map((l) => l.text);
    expect(stdout).toEqual(['registered from-run:1', 'other 403']);
    expect(await fx.ws.models.get('from-run:1')).toMatchObject({ runId: run.id, fileCount: 1 });
  });

  it('refuses a submission naming an unknown compute target, a missing script or an ungranted secret, creating no run', async () => {
    const bad = async (config: object, files: Record<string, string> = { 'train.py': 'print(1)' }) => {
      const snapshotId = await snapshotOf(fx, files);
      return fx.ws.execution.submit({ experiment: 'refused', snapshotId, runConfig: { script: 'train.py', ...config } }).catch((e: { code: string }) => e.code);
    };
    expect(await bad({ compute: 'gpu-cluster' })).toBe('COMPUTE_TARGET_NOT_FOUND');
    expect(await bad({ script: 'missing.py' })).toBe('SCRIPT_NOT_FOUND');
    expect(await bad({ secrets: ['nope'] })).toBe('SECRET_NOT_FOUND');
    expect(await bad({ environment: 'nosuch:3' })).toBe('ENVIRONMENT_NOT_FOUND');
    await expect(fx.ws.runs.list({ experiment: 'refused' })).rejects.toMatchObject({ code: 'EXPERIMENT_NOT_FOUND' });
  });
});
