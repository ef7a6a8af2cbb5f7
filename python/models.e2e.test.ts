/**
 * The Python model registry against a real Cairn server: a script in a run registers from its run
 * (uploading an output not yet stored), registers local folders, lists, downloads, resolves model
 * paths in a run and in a deployment, changes and deletes versions, with v1's errors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../packages/server/src/test-support/test-server.js';
import { lastJson, runPython, script } from './test-support/python-process.js';

let server: TestServer;
let work: string;

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'warn' });
  work = mkdtempSync(join(tmpdir(), 'cairn-py-models-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('azureml Model in a run', () => {
  it('registers, lists, downloads, resolves paths, changes and deletes versions as v1 does', async () => {
    const token = await server.tokenFor('Data Scientist');
    const created = await fetch(`${server.url}/api/v1/workspaces/default/runs`, {
      method: 'POST', headers: { authorization: `Bearer ${server.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ experiment: 'py-models', status: 'Running' }),
    });
    const runId = ((await created.json()) as { id: string }).id;
    const env = {
      CAIRN_URL: server.url, CAIRN_RUN_ID: runId, CAIRN_RUN_TOKEN: token, CAIRN_WORKSPACE: 'default', CAIRN_EXPERIMENT: 'py-models',
      CAIRN_RUN_SUBMITTED: '1', CAIRN_MODEL_CACHE: join(work, 'cache'),
    };
    const result = await runPython([script('models_flow.py')], env, { cwd: work });
    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('Registering model py-net');
    const seen = lastJson<any>(result);
    expect(seen.from_run).toEqual({ id: 'py-sk:1', run_id: runId, framework: 'ScikitLearn', tags: { stage: 'dev' }, properties: { auc: '0.91' },
      experiment: 'py-models', datasets: { training: ['diabetes:1'] } });
    expect(seen.registered).toEqual(['py-net:1', 'py-net:2', 'a net']);
    expect(seen.list_name).toEqual(['py-net:2', 'py-net:1']);
    expect(seen.list_tag).toEqual(['py-net:1']);
    expect(seen.list_latest).toEqual(['py-net:2', 'py-sk:1']);
    expect(seen.list_run).toEqual(['py-sk:1']);
    expect([seen.by_version, seen.newest, seen.by_id]).toEqual(['py-net:1', 2, 'py-sk']);
    expect(seen.download).toEqual({ path: 'net', files: ['w.bin'] });
    expect(seen.download_again).toMatch(/^File already exists. To overwrite, set exist_ok to True/);
    expect(seen.cached).toEqual({ name: 'model.pkl', model: { coef: [1.5, 2.0] } });
    expect(seen.cached_folder).toBe('net');
    expect(seen.deployed_multi).toBe(join('py-net', '1', 'net'));
    expect(seen.deployed_single).toBe(join('py-net', '1', 'net'));
    expect(seen.property_clash).toBe('PROPERTY_IMMUTABLE');
    expect(seen.changed).toEqual({ tags: { gold: 'yes' }, properties: { owner: 'ml' }, description: 'better' });
    expect(seen.after_delete).toEqual(['py-net:1']);
    expect(seen.user_errors).toHaveLength(3);
    expect(seen.not_found).toBe(true);
    // The run's output was uploaded to the run and the model references it.
    const files = await fetch(`${server.url}/api/v1/workspaces/default/runs/${runId}/files`, { headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect(((await files.json()) as { items: { path: string }[] }).items.map((f) => f.path)).toContain('outputs/model.pkl');
  });
});
