import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalReplicaLauncher, type Scorer } from '@cairn/serving';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearOnnxModel } from '../../../serving/src/test-support/onnx-model.js';
import { PYTHON, SKLEARN_SCORE, scriptSpec, trainRidge } from '../../../serving/src/test-support/scripts.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { buildScorer, type DeploymentPlan } from './deployment-runtime.js';
import { keyCheck, newEndpointKey } from './endpoint-keys.js';

const workspace = { id: 0, name: 'default' };
const settings = { minReplicas: 1, maxReplicas: 1, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 500, scoringTimeoutMs: 10_000 };
let server: TestServer;
const scorers: Scorer[] = [];

async function register(name: string, framework: string, files: { path: string; bytes: Buffer }[]): Promise<void> {
  const auth = { authorization: `Bearer ${server.ownerToken}` };
  const refs = [];
  for (const file of files) {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    await server.app.inject({ method: 'PUT', url: `/api/v1/workspaces/default/blobs/${sha256}`, headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: file.bytes });
    refs.push({ path: file.path, sha256 });
  }
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces/default/models', headers: auth, payload: { name, framework, files: refs } });
  expect(res.statusCode).toBe(201);
}

function plan(over: Partial<DeploymentPlan>): DeploymentPlan {
  return { name: 'blue', models: [], entryScript: 'score.py', sourceDir: '/nonexistent', python: PYTHON, env: {}, settings, ...over };
}

async function started(scorer: Scorer): Promise<Scorer> {
  scorers.push(scorer);
  expect(await scorer.start()).toBe('Healthy');
  return scorer;
}

beforeAll(async () => {
  server = await startTestServer({ listen: false });
  workspace.id = (await server.workspaces.resolve('default')).id;
  const trained = mkdtempSync(join(tmpdir(), 'cairn-ridge-'));
  trainRidge(trained);
  await register('diabetes', 'ScikitLearn', [{ path: 'model.pkl', bytes: readFileSync(join(trained, 'model.pkl')) }]);
  await register('linear', 'Onnx', [{ path: 'linear/model.onnx', bytes: linearOnnxModel() }]);
});
afterAll(async () => {
  await Promise.all(scorers.map((s) => s.stopAll()));
  await server.close();
});

describe('deployment runtime', () => {
  const deps = () => ({ models: server.models, launcher: new LocalReplicaLauncher(), log: () => {} });

  it('lays a registered sklearn model out under AZUREML_MODEL_DIR and serves the example score.py', async () => {
    const source = scriptSpec(SKLEARN_SCORE);
    const dir = mkdtempSync(join(tmpdir(), 'cairn-deploy-'));
    const scorer = await started(await buildScorer(deps(), workspace, plan({ models: ['diabetes:1'], sourceDir: source.sourceDir }), dir));
    const outcome = await scorer.score(Buffer.from(JSON.stringify({ data: [[1, 0, 0, 0, 0, 0, 0, 0, 0, 1]] })));
    expect(outcome.status).toBe(200);
    expect(JSON.parse(outcome.body.toString())[0]).toBeCloseTo(12, 3);
  });

  it('serves a single Onnx model with no entry script in-process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-deploy-'));
    const scorer = await started(await buildScorer(deps(), workspace, plan({ models: ['linear'], entryScript: null }), dir));
    expect(JSON.parse((await scorer.score(Buffer.from('{"data": [[1, 1]]}'))).body.toString())).toEqual([[6]]);
  });

  it('refuses a missing model, no-code for a non-Onnx model, and an entry script outside the source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-deploy-'));
    await expect(buildScorer(deps(), workspace, plan({ models: ['nope:1'] }), dir)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(buildScorer(deps(), workspace, plan({ models: ['diabetes:1'], entryScript: null }), dir)).rejects.toThrow(/only a single model with framework Onnx/);
    await expect(buildScorer(deps(), workspace, plan({ models: ['diabetes:1'], sourceDir: dir, entryScript: '../x.py' }), dir)).rejects.toThrow(/outside the source directory/);
  });
});

describe('endpoint keys', () => {
  it('accepts either key as a bearer and nothing else', () => {
    const keys = [newEndpointKey(), newEndpointKey()];
    expect(keyCheck(keys)(`Bearer ${keys[1]}`)).toBe(true);
    expect(keyCheck(keys)(keys[0])).toBe(false);
    expect(keyCheck(keys)('Bearer wrong')).toBe(false);
    expect(keyCheck(keys)(undefined)).toBe(false);
  });
});
