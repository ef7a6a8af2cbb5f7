/**
 * The quickstart tracking script against a real server: interactively (start_logging) and as a
 * submitted run (the variables the runner sets), with no third-party Python packages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../packages/server/src/test-support/test-server.js';
import { runPython } from '../../python/test-support/python-process.js';

const trainScript = join(import.meta.dirname, 'train.py');
let server: TestServer;
let token: string;
let workDir: string;

beforeAll(async () => {
  server = await startTestServer();
  token = await server.tokenFor('Data Scientist');
  workDir = mkdtempSync(join(tmpdir(), 'cairn-quickstart-'));
});
afterAll(async () => {
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function api<T = any>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${server.url}/api/v1/workspaces/default${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${server.ownerToken}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function metric(runId: string, name: string): Promise<number[]> {
  return (await api(`/runs/${runId}/metrics/${name}`)).points.value;
}

describe('examples/tracking/train.py', () => {
  it('tracks an interactive run in the quickstart experiment and completes it', async () => {
    const result = await runPython([trainScript], { CAIRN_URL: server.url, CAIRN_TOKEN: token }, { cwd: workDir });
    expect(result.code, result.stderr).toBe(0);
    const runId = /^run (\S+): w=/m.exec(result.stdout)![1]!;

    const run = await api(`/runs/${runId}`);
    expect(run).toMatchObject({ experiment: 'quickstart', status: 'Completed', displayName: 'fit a line' });
    expect(run.tags).toEqual({ model: 'linear', data: 'synthetic', quickstart: null });
    expect(run.properties).toEqual({ learning_rate: '0.3', epochs: '60' });

    const loss = await metric(runId, 'loss');
    expect(loss).toHaveLength(60);
    expect(loss[59]!).toBeLessThan(loss[0]! / 10);
    expect((await metric(runId, 'w'))[0]).toBeCloseTo(2, 1);
    expect((await metric(runId, 'b'))[0]).toBeCloseTo(1, 1);
    expect(await metric(runId, 'residuals')).toHaveLength(10);
    expect((await api(`/runs/${runId}/metrics/parameters`)).points.columns.epoch).toEqual([0, 10, 20, 30, 40, 50]);

    const files = await api<{ items: { path: string }[] }>(`/runs/${runId}/files`);
    expect(files.items.map((f) => f.path)).toEqual(['outputs/model.json']);

    const children = await api<{ items: { id: string; status: string }[] }>(`/runs/${runId}/children`);
    expect(children.items.map((c) => c.status)).toEqual(['Completed', 'Completed']);
    for (const child of children.items) expect(await metric(child.id, 'half_mse')).toHaveLength(1);
  });

  it('logs to the submitted run when started by the runner, leaving its status to the runner', async () => {
    const run = await api<{ id: string }>('/runs', { method: 'POST', body: { experiment: 'submitted-quickstart', status: 'Running' } });
    const env = {
      AZUREML_SERVICE_ENDPOINT: server.url, AZUREML_RUN_ID: run.id, AZUREML_RUN_TOKEN: token,
      AZUREML_ARM_WORKSPACE_NAME: 'default', AZUREML_ARM_PROJECT_NAME: 'submitted-quickstart',
    };
    const result = await runPython([trainScript], env, { cwd: workDir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`run ${run.id}:`);
    expect((await api(`/runs/${run.id}`)).status).toBe('Running');
    expect(await metric(run.id, 'loss')).toHaveLength(60);
  });
});
