import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalReplicaLauncher } from '@cairn/serving';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearOnnxModel } from '../../../serving/src/test-support/onnx-model.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { buildScorer } from './deployment-runtime.js';

let server: TestServer;
let auth: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ listen: false });
  auth = { authorization: `Bearer ${server.ownerToken}` };
  const bytes = linearOnnxModel();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await server.app.inject({ method: 'PUT', url: `/api/v1/workspaces/default/blobs/${sha256}`, headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: bytes });
  expect((await server.app.inject({ method: 'POST', url: '/api/v1/workspaces/default/models', headers: auth, payload: { name: 'linear', framework: 'Onnx', files: [{ path: 'model.onnx', sha256 }] } })).statusCode).toBe(201);
  const ws = await server.workspaces.resolve('default');
  const plan = { name: 'blue', models: ['linear:1'], entryScript: null, sourceDir: '/', python: '/usr/bin/python3', env: {}, settings: { minReplicas: 1, maxReplicas: 1, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 500, scoringTimeoutMs: 1000 } };
  const scorer = await buildScorer({ models: server.models, launcher: new LocalReplicaLauncher(), log: () => {} }, ws, plan, mkdtempSync(join(tmpdir(), 'cairn-mount-')));
  server.endpoints.open(ws, 'linear', ['endpoint-key']);
  await server.endpoints.deploy(ws, 'linear', 'blue', scorer, [{ name: 'linear', version: 1 }]);
  server.endpoints.setTraffic(ws, 'linear', { blue: 100 });
});
afterAll(() => server.close());

describe('scoring on the main server', () => {
  it('scores at /endpoints/{workspace}/{name}/score with the endpoint key', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/endpoints/default/linear/score', headers: { authorization: 'Bearer endpoint-key', 'content-type': 'application/json' }, payload: '{"data": [[1, 2]]}' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([[9]]);
  });

  it('does not accept a workspace token, even the owner\'s', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/endpoints/default/linear/score', headers: auth, payload: '{"data": [[1, 2]]}' });
    expect(res.statusCode).toBe(401);
  });

  it('refuses to delete a model version a deployment serves, naming the endpoint', async () => {
    const res = await server.app.inject({ method: 'DELETE', url: '/api/v1/workspaces/default/models/linear/versions/1', headers: auth });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('MODEL_IN_USE');
    expect(res.json().error.message).toContain('linear');
  });
});
