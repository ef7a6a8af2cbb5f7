/**
 * The endpoint API end to end in-process, on a no-code ONNX deployment (scored in the gateway, so no
 * Python starts): create → Healthy → score with keys, tokens, swagger, telemetry, sampling, bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearOnnxModel } from '../../../serving/src/test-support/onnx-model.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { call, registerModel, uploadSnapshot, waitFor } from './test-support/endpoint-fixtures.js';

let server: TestServer;
const healthy = (name: string) => waitFor(server, name, (e) => e.state === 'Healthy');
const score = (name: string, authorization: string | undefined, payload = '{"data": [[1, 2]]}') =>
  server.app.inject({ method: 'POST', url: `/endpoints/default/${name}/score`, headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, payload });

beforeAll(async () => {
  server = await startTestServer({ listen: false });
  await registerModel(server, 'linear', 'Onnx', [{ path: 'model.onnx', bytes: linearOnnxModel() }]);
  await registerModel(server, 'notonnx', 'ScikitLearn', [{ path: 'model.pkl', bytes: Buffer.from('x') }]);
});
afterAll(() => server.close());

describe('endpoints API (no-code ONNX)', () => {
  it('creates an endpoint that turns Healthy and scores at its URL with either key, never a workspace token', async () => {
    const created = await call(server, 'POST', '', { name: 'linear', models: ['linear:1'], sampleInput: '{"data": [[1, 2]]}', collectModelData: true });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'linear', auth: 'key', traffic: { default: 100 }, scoringUrl: expect.stringMatching(/\/endpoints\/default\/linear\/score$/) });
    const endpoint = await healthy('linear');
    expect(endpoint.deployments[0]).toMatchObject({ name: 'default', models: [{ ref: 'linear:1', name: 'linear', version: 1 }], state: 'Healthy', generation: 1, servingGeneration: 1 });
    const keys = (await call(server, 'GET', '/linear/keys')).json();
    expect((await score('linear', `Bearer ${keys.primaryKey}`)).json()).toEqual([[9]]);
    expect((await score('linear', `Bearer ${keys.secondaryKey}`)).statusCode).toBe(200);
    expect((await score('linear', `Bearer ${server.ownerToken}`)).statusCode).toBe(401);
    expect((await score('linear', undefined)).statusCode).toBe(401);
  });

  it('regenerates one key, the other one still working', async () => {
    const before = (await call(server, 'GET', '/linear/keys')).json();
    const after = (await call(server, 'POST', '/linear/keys/regenerate', { key: 'primary' })).json();
    expect(after.primaryKey).not.toBe(before.primaryKey);
    expect(after.secondaryKey).toBe(before.secondaryKey);
    expect((await score('linear', `Bearer ${before.primaryKey}`)).statusCode).toBe(401);
    expect((await score('linear', `Bearer ${after.primaryKey}`)).statusCode).toBe(200);
    expect((await score('linear', `Bearer ${after.secondaryKey}`)).statusCode).toBe(200);
  });

  it('serves swagger from the sample input and the output run() gave for it', async () => {
    const res = await server.app.inject({ url: '/endpoints/default/linear/swagger.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().definitions).toMatchObject({ ServiceInput: { example: { data: [[1, 2]] } }, ServiceOutput: { example: [[9]], type: 'array' } });
  });

  it('refuses to delete a model version a deployment serves, naming the endpoint', async () => {
    const res = await server.app.inject({ method: 'DELETE', url: '/api/v1/workspaces/default/models/linear/versions/1', headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'MODEL_IN_USE', message: expect.stringContaining('linear') });
  });

  it('invokes through the gateway and reports telemetry, Prometheus text and sampled model data', async () => {
    const invoked = (await call(server, 'POST', '/linear/invoke', { body: '{"data": [[0, 1]]}' })).json();
    expect(invoked).toMatchObject({ status: 200, body: [[4]] });
    const metrics = (await call(server, 'GET', '/linear/metrics')).json().items;
    expect(metrics[0]).toMatchObject({ deployment: 'default', statusCodes: { 200: expect.any(Number) }, replicas: { count: expect.any(Number) } });
    expect(metrics[0].requests).toBeGreaterThanOrEqual(5);
    const prom = await server.app.inject({ url: '/api/v1/workspaces/default/endpoint-metrics?endpoint=linear', headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect(prom.body).toContain('cairn_endpoint_requests_total{workspace="default",endpoint="linear",deployment="default",code="200"}');
    expect((await server.app.inject({ url: '/api/v1/workspaces/default/endpoint-metrics' })).statusCode).toBe(401);
    const samples = (await call(server, 'GET', '/linear/model-data')).json().items;
    expect(samples.at(-1)).toMatchObject({ deployment: 'default', status: 200, input: '{"data": [[0, 1]]}', output: '[[4]]' });
  });

  it('accepts short-lived tokens, and no keys, on an endpoint with token auth', async () => {
    expect((await call(server, 'POST', '', { name: 'tokened', models: ['linear'], auth: 'token' })).statusCode).toBe(201);
    await healthy('tokened');
    const token = (await call(server, 'POST', '/tokened/token')).json();
    expect(token.refreshAfter).toBeLessThan(token.expiresOn);
    expect((await score('tokened', `Bearer ${token.accessToken}`)).statusCode).toBe(200);
    const keys = (await call(server, 'GET', '/tokened/keys')).json();
    expect((await score('tokened', `Bearer ${keys.primaryKey}`)).statusCode).toBe(401);
    expect((await score('tokened', `Bearer ${token.accessToken.slice(0, -2)}xx`)).statusCode).toBe(401);
    const linearToken = (await score('linear', `Bearer ${token.accessToken}`)).statusCode;
    expect(linearToken).toBe(401);
    expect((await call(server, 'POST', '/linear/token')).json().error.code).toBe('INVALID_INPUT');
  });

  it('refuses bad input with stable codes before anything starts', async () => {
    const snapshot = await uploadSnapshot(server, { 'score.py': 'def run(d): return d\n' });
    const cases: [unknown, number, string][] = [
      [{ name: 'linear', models: ['linear'] }, 409, 'ENDPOINT_EXISTS'],
      [{ name: 'scaled', models: ['linear'], settings: { minReplicas: 3, maxReplicas: 2 } }, 400, 'INVALID_SCALE_SETTINGS'],
      [{ name: 'nomodel', models: ['missing:1'] }, 404, 'MODEL_NOT_FOUND'],
      [{ name: 'noscript', models: ['linear'], entryScript: 'nope.py', snapshotId: snapshot }, 400, 'ENTRY_SCRIPT_NOT_FOUND'],
      [{ name: 'nocode', models: ['notonnx'] }, 400, 'INVALID_INPUT'],
      [{ name: 'noenv', models: ['linear'], environment: 'nope' }, 404, 'ENVIRONMENT_NOT_FOUND'],
      [{ name: 'Bad_Name', models: ['linear'] }, 400, 'INVALID_NAME'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(server, 'POST', '', body);
      expect([res.statusCode, res.json().error.code], res.body).toEqual([status, code]);
    }
    expect((await call(server, 'GET', '/nothere')).json().error.code).toBe('ENDPOINT_NOT_FOUND');
    expect((await call(server, 'PUT', '/linear/traffic', { traffic: { default: 90 } })).json().error).toMatchObject({ code: 'INVALID_TRAFFIC', message: expect.stringContaining('summing to 100, not 90') });
    expect((await call(server, 'PUT', '/linear/deployments/green', { models: ['linear'], traffic: { default: 50, green: 40 } })).json().error.code).toBe('INVALID_TRAFFIC');
    expect((await call(server, 'DELETE', '/linear/deployments/default')).json().error.code).toBe('DEPLOYMENT_IN_USE');
    expect((await score('nothere', 'Bearer x')).statusCode).toBe(404);
  });

  it('moves a deployment that follows N@alias to the version the alias names next', async () => {
    const alias = (version: number) => server.app.inject({ method: 'PUT', url: '/api/v1/workspaces/default/models/linear/aliases/prod', headers: { authorization: `Bearer ${server.ownerToken}` }, payload: { version } });
    expect((await alias(1)).statusCode).toBe(200);
    expect((await call(server, 'POST', '', { name: 'follower', models: ['linear@prod'] })).statusCode).toBe(201);
    await healthy('follower');
    await registerModel(server, 'linear', 'Onnx', [{ path: 'model.onnx', bytes: linearOnnxModel() }]);
    expect((await alias(2)).statusCode).toBe(200);
    const moved = await waitFor(server, 'follower', (e) => e.deployments[0]!.servingGeneration === 2);
    expect(moved.deployments[0]).toMatchObject({ state: 'Healthy', models: [{ ref: 'linear@prod', name: 'linear', version: 2 }] });
    expect((await call(server, 'DELETE', '/follower')).statusCode).toBe(204);
  });

  it('deletes an endpoint: its URL answers 404 and its model can be deleted', async () => {
    for (const name of ['linear', 'tokened']) expect((await call(server, 'DELETE', `/${name}`)).statusCode).toBe(204);
    expect((await score('linear', 'Bearer x')).statusCode).toBe(404);
    expect((await call(server, 'GET', '')).json().items).toEqual([]);
    const res = await server.app.inject({ method: 'DELETE', url: '/api/v1/workspaces/default/models/linear/versions/1', headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect(res.statusCode).toBe(204);
  });
});
