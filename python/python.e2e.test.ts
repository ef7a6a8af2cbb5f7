/**
 * The Python client and the azureml compatibility package against a real Cairn server: scripts run
 * as processes with the variables the runner gives them, and what they stored is read back over HTTP.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../packages/server/src/test-support/test-server.js';
import { startFlakyProxy, type FlakyProxy } from './test-support/flaky-proxy.js';
import { lastJson, runPython, script } from './test-support/python-process.js';

let server: TestServer;
let scientistToken: string;

beforeAll(async () => {
  server = await startTestServer();
  scientistToken = await server.tokenFor('Data Scientist');
});
afterAll(async () => server?.close());

async function api<T = any>(path: string, init: { method?: string; body?: unknown; raw?: boolean } = {}): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${server.ownerToken}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  return (init.raw || !text ? text : JSON.parse(text)) as T;
}

const runPath = (runId: string) => `/workspaces/default/runs/${encodeURIComponent(runId)}`;

/** A run as the runner would create it, and the variables a script started for it sees. */
async function contextRun(experiment: string, token = scientistToken, url = server.url) {
  const run = await api<{ id: string }>('/workspaces/default/runs', { method: 'POST', body: { experiment, status: 'Running' } });
  const env = {
    CAIRN_URL: url, CAIRN_RUN_ID: run.id, CAIRN_RUN_TOKEN: token, CAIRN_WORKSPACE: 'default',
    CAIRN_EXPERIMENT: experiment, CAIRN_RUN_SUBMITTED: '1',
  };
  return { runId: run.id, env };
}

/** Every point of a series, read as the newline-delimited JSON stream. */
async function wholeSeries(runId: string, name: string): Promise<{ step: (number | null)[]; value: unknown[] }> {
  const text = await api<string>(`${runPath(runId)}/metrics/${encodeURIComponent(name)}/points`, { raw: true });
  const all = { step: [] as (number | null)[], value: [] as unknown[] };
  for (const line of text.split('\n').filter(Boolean)) {
    const block = JSON.parse(line);
    all.step.push(...block.step);
    all.value.push(...block.value);
  }
  return all;
}

function expectSuccess(result: { code: number | null; stdout: string; stderr: string }): void {
  expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
}

describe('python unit tests', () => {
  it('pass', async () => {
    const result = await runPython(['-m', 'unittest', 'discover', 'python/tests']);
    expectSuccess(result);
    expect(result.stderr).toMatch(/\nOK/);
  });
});

describe('a script in a run', () => {
  it('stores 100,000 points logged in a loop exactly once, flushed at exit', async () => {
    const { runId, env } = await contextRun('py-many');
    const result = await runPython([script('log_many.py'), '100000'], env);
    expectSuccess(result);
    const summaries = await api<{ items: { name: string; count: number }[] }>(`${runPath(runId)}/metrics`);
    expect(summaries.items).toEqual([expect.objectContaining({ name: 'x', count: 100_000 })]);
    const series = await wholeSeries(runId, 'x');
    expect(new Set(series.step).size).toBe(100_000);
    expect(series.value.reduce((sum: number, v) => sum + (v as number), 0)).toBe((99_999 * 100_000) / 2);
    // a submitted run's complete() only flushes: the runner owns the status
    expect((await api(runPath(runId))).status).toBe('Running');
  });

  it('round-trips NaN and infinities and reads metrics back in v1 shapes', async () => {
    const { runId, env } = await contextRun('py-shapes');
    const result = await runPython([script('metrics_roundtrip.py')], env);
    expectSuccess(result);
    expect(lastJson<string[]>(result)).toEqual(['confusion', 'curve', 'inf', 'list', 'many', 'nan', 'ninf', 'one', 'row', 'rows', 'table']);
    expect((await api(`${runPath(runId)}/metrics/nan`)).points.value).toEqual(['NaN']);
    expect((await api(`${runPath(runId)}/metrics/ninf`)).points.value).toEqual(['-Infinity']);
    expect((await api(`${runPath(runId)}/metrics/row`)).points.columns).toEqual({ a: [1], b: ['Infinity'], c: ['text'] });
    const image = await api(`${runPath(runId)}/metrics/confusion`);
    expect(image).toMatchObject({ kind: 'image', points: { value: ['confusion.png'] } });
    const files = await api<{ items: { path: string; contentType: string }[] }>(`${runPath(runId)}/files`);
    expect(files.items.find((f) => f.path === 'confusion.png')?.contentType).toMatch(/^image\/png/);
  });

  it('raises the server error code when a property is changed', async () => {
    const { runId, env } = await contextRun('py-props');
    const result = await runPython([script('properties_and_errors.py')], env);
    expectSuccess(result);
    expect(lastJson(result)).toMatchObject({ code: 'PROPERTY_IMMUTABLE', status: 409 });
    const run = await api(runPath(runId));
    expect(run.properties).toEqual({ lr: '0.1', optimizer: 'adam' });
    expect(run.tags).toEqual({ team: 'vision', stage: 'dev' });
  });

  it('creates children in one call and lists them, recursively too', async () => {
    const { runId, env } = await contextRun('py-children');
    const result = await runPython([script('children.py')], env);
    expectSuccess(result);
    const found = lastJson<{ direct: string[]; all: string[]; folds: string[]; numbers: string[]; grandchild: string; grandchildStatus: string }>(result);
    expect(found.direct).toHaveLength(5);
    expect(found.all).toHaveLength(6);
    expect(found.all).toContain(found.grandchild);
    expect(found.folds).toEqual(['a', 'b', 'c']);
    expect(found.numbers).toEqual(['0', '1']);
    expect(found.grandchildStatus).toBe('Completed');
    const children = await api<{ items: { id: string }[] }>(`${runPath(runId)}/children`);
    expect(children.items.map((c) => c.id).sort()).toEqual(found.direct);
  });

  it('uploads files streamed, lists and downloads them', async () => {
    const { runId, env } = await contextRun('py-files');
    const result = await runPython([script('files.py'), '64'], env);
    expectSuccess(result);
    const found = lastJson<{ names: string[]; sha256: string; downloaded: string[]; maxRssMiB: number }>(result);
    expect(found.names).toEqual(['models/big.bin', 'outputs/a.txt', 'outputs/nested/b.txt']);
    expect(found.downloaded).toEqual(['copy/outputs/a.txt', 'copy/outputs/nested/b.txt']);
    const files = await api<{ items: { path: string; size: number; sha256: string }[] }>(`${runPath(runId)}/files`);
    expect(files.items.find((f) => f.path === 'models/big.bin')).toMatchObject({ size: 64 * 1024 * 1024, sha256: found.sha256 });
    // streaming: a 64 MiB upload and download never hold the file in memory
    expect(found.maxRssMiB).toBeLessThan(48);
  });

  it('reports a refused batch once per metric on stderr and keeps the script alive', async () => {
    const reader = await server.tokenFor('Reader');
    const { runId, env } = await contextRun('py-refused', reader);
    const result = await runPython([script('log_many.py'), '25000'], env);
    expectSuccess(result);
    const refusals = result.stderr.split('\n').filter((line) => line.includes('refused'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/'x'.*FORBIDDEN/);
    expect((await api(`${runPath(runId)}/metrics`)).items).toEqual([]);
  });
});

/** A new git repository with one commit; returns its directory and commit. */
function gitRepository(): { dir: string; commit: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-py-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'train.py'), 'print(1)\n');
  git('add', 'train.py');
  git('commit', '-q', '-m', 'first');
  return { dir, commit: git('rev-parse', 'HEAD') };
}

describe('an interactive run', () => {
  it('start_logging, complete, fail in a with-block, cancel', async () => {
    const env = { CAIRN_URL: server.url, CAIRN_TOKEN: scientistToken, CAIRN_WORKSPACE: 'default' };
    const repo = gitRepository();
    const result = await runPython([script('interactive.py')], env, { cwd: repo.dir });
    rmSync(repo.dir, { recursive: true, force: true });
    expectSuccess(result);
    const found = lastJson<{ completed: string; failed: string; canceled: string; listed: string[]; details: Record<string, unknown> }>(result);
    const completed = await api(runPath(found.completed));
    expect(completed).toMatchObject({ status: 'Completed', displayName: 'renamed', experiment: 'py-interactive' });
    expect(completed.endedAt).not.toBeNull();
    // v1 records the source's git state on interactive runs
    expect(completed.properties).toMatchObject({ 'azureml.git.commit': repo.commit, 'azureml.git.branch': 'main', 'azureml.git.dirty': 'False' });
    const failed = await api(runPath(found.failed));
    expect(failed.status).toBe('Failed');
    expect(failed.error).toMatchObject({ code: 'ValueError', message: 'ValueError: diverged' });
    expect((await api(runPath(found.canceled))).status).toBe('Canceled');
    expect(found.listed.sort()).toEqual([found.completed, found.failed, found.canceled].sort());
    expect(found.details).toMatchObject({ runId: found.completed, status: 'Completed', displayName: 'renamed' });
    expect(found.details.endTimeUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('a server that is briefly unreachable', () => {
  let proxy: FlakyProxy | undefined;
  afterAll(async () => proxy?.close());

  it('gets every point exactly once: refused at first, answers lost, then down again mid-run', async () => {
    proxy = await startFlakyProxy(server.url, 'refuse');
    const { runId, env } = await contextRun('py-flaky', scientistToken, proxy.url);
    const finished = runPython([script('log_many.py'), '40000', '40', '0.1'], env);
    await sleep(1000);
    await proxy.setMode('drop', 2); // the server stores the next two batches, the client never hears
    await until(() => proxy!.dropped === 2);
    await proxy.setMode('refuse');
    await sleep(1000);
    await proxy.setMode('pass');
    const result = await finished;
    expectSuccess(result);
    expect(result.stderr).toMatch(/retrying with the same batch key/);
    const summaries = await api<{ items: { count: number }[] }>(`${runPath(runId)}/metrics`);
    expect(summaries.items[0]!.count).toBe(40_000);
    expect(new Set((await wholeSeries(runId, 'x')).step).size).toBe(40_000);
    // each batch whose answer was lost was sent again under the same key, and the server said it had it
    const lost = [...new Set(proxy.droppedKeys)];
    for (const key of lost) expect(proxy.batchKeys.lastIndexOf(key)).toBeGreaterThan(proxy.batchKeys.indexOf(key));
    expect(lost.length).toBeGreaterThanOrEqual(1);
    expect(proxy.duplicates).toBe(lost.length);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
