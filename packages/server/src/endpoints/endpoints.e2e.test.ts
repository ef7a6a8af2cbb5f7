/**
 * Endpoints with real Python replicas on a listening server: the example's v1 score.py serves a
 * registered sklearn model; an update rolls under load with no failed request; traffic splits by
 * weight; init() raising fails the deployment with its traceback; a @rawhttp run() gets the HTTP
 * request and a decorated one refuses non-JSON POSTs (415); delete stops everything.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoint } from '@cairn/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, SKLEARN_SCORE } from '../../../serving/src/test-support/scripts.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { call, registerModel, uploadSnapshot, waitFor } from './test-support/endpoint-fixtures.js';

let server: TestServer;
let snapshotId: string;
let key: string;
const ROW = { data: [[1, 0, 0, 0, 0, 0, 0, 0, 0, 1]] };

/** A Ridge whose prediction for ROW is 12 + offset. */
function ridge(offset: number): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-ridge-'));
  execFileSync(PYTHON, ['-c', `
import joblib, numpy as np
from sklearn.linear_model import Ridge
X = np.random.default_rng(0).normal(size=(50, 10)); y = X @ np.arange(10) + 3 + ${offset}
joblib.dump(Ridge(alpha=1e-6).fit(X, y), ${JSON.stringify(join(dir, 'model.pkl'))})
`]);
  return readFileSync(join(dir, 'model.pkl'));
}

async function score(url: string, authorization = `Bearer ${key}`): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(ROW) });
  return { status: res.status, body: await res.json() };
}

const deploymentOf = (e: Endpoint, name: string) => e.deployments.find((d) => d.name === name);

beforeAll(async () => {
  server = await startTestServer();
  await registerModel(server, 'diabetes', 'ScikitLearn', [{ path: 'model.pkl', bytes: ridge(0) }]);
  await registerModel(server, 'diabetes', 'ScikitLearn', [{ path: 'model.pkl', bytes: ridge(100) }]);
  snapshotId = await uploadSnapshot(server, { 'score.py': SKLEARN_SCORE });
});
afterAll(() => server.close());

describe('endpoints with Python replicas', () => {
  let scoringUrl: string;

  it('creates an endpoint from the example score.py that turns Healthy and scores at its URL', async () => {
    const settings = { minReplicas: 1, maxReplicas: 2 };
    const created = await call(server, 'POST', '', { name: 'diabetes', deployment: 'blue', models: ['diabetes:1'], entryScript: 'score.py', snapshotId, settings });
    expect(created.statusCode, created.body).toBe(201);
    const endpoint = await waitFor(server, 'diabetes', (e) => e.state !== 'Transitioning');
    expect(endpoint.state, JSON.stringify(endpoint)).toBe('Healthy');
    scoringUrl = endpoint.scoringUrl;
    expect(scoringUrl).toBe(`${server.url}/endpoints/default/diabetes/score`);
    key = (await call(server, 'GET', '/diabetes/keys')).json().primaryKey;
    const answer = await score(scoringUrl);
    expect(answer.status).toBe(200);
    expect((answer.body as number[])[0]).toBeCloseTo(12, 3);
  });

  it('updates a deployment under load without a single failed request', async () => {
    let stop = false;
    const statuses: number[] = [];
    const answers = new Set<number>();
    const load = Array.from({ length: 3 }, async () => {
      while (!stop) {
        const res = await score(scoringUrl);
        statuses.push(res.status);
        if (res.status === 200) answers.add(Math.round((res.body as number[])[0]!));
      }
    });
    while (statuses.length < 20) await new Promise((r) => setTimeout(r, 10));
    const updated = await call(server, 'PUT', '/diabetes/deployments/blue', { models: ['diabetes:2'], entryScript: 'score.py', snapshotId, settings: { minReplicas: 1, maxReplicas: 2 } });
    expect(updated.statusCode, updated.body).toBe(202);
    const after = await waitFor(server, 'diabetes', (e) => deploymentOf(e, 'blue')?.servingGeneration === 2);
    expect(deploymentOf(after, 'blue')).toMatchObject({ state: 'Healthy', generation: 2, models: [{ name: 'diabetes', version: 2 }] });
    const served = statuses.length;
    while (statuses.length < served + 20) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await Promise.all(load);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect([...answers].sort((a, b) => a - b)).toEqual([12, 112]);
    const logs = (await call(server, 'GET', '/diabetes/logs?deployment=blue')).json().items.map((l: { line: string }) => l.line);
    expect(logs).toContain('generation 2: Healthy with 1 replica(s); taking traffic');
    // The drained generation's folder (its copy of the model) is removed.
    const folder = join(server.dataDir, 'endpoints', String((await server.workspaces.resolve('default')).id), 'diabetes', 'blue');
    await expect.poll(() => readdirSync(folder), { timeout: 10_000 }).toEqual(['2']);
  });

  it('splits traffic between deployments by weight', async () => {
    const green = await call(server, 'PUT', '/diabetes/deployments/green', { models: ['diabetes:1'], entryScript: 'score.py', snapshotId, traffic: { blue: 50, green: 50 } });
    expect(green.statusCode, green.body).toBe(202);
    const endpoint = await waitFor(server, 'diabetes', (e) => e.state !== 'Transitioning');
    expect(endpoint).toMatchObject({ state: 'Healthy', traffic: { blue: 50, green: 50 } });
    const seen = new Map<number, number>();
    for (let i = 0; i < 60; i += 1) {
      const answer = Math.round(((await score(scoringUrl)).body as number[])[0]!);
      seen.set(answer, (seen.get(answer) ?? 0) + 1);
    }
    // 60 draws at 50%: each side gets at least 10 unless something is wrong (probability below 1e-6).
    expect(seen.get(12)).toBeGreaterThan(10);
    expect(seen.get(112)).toBeGreaterThan(10);
    expect((await call(server, 'PUT', '/diabetes/traffic', { traffic: { blue: 0, green: 100 } })).statusCode).toBe(200);
    expect(Math.round(((await score(scoringUrl)).body as number[])[0]!)).toBe(12);
  });

  it('fails a deployment whose init() raises, with the traceback, not "container crashed"', async () => {
    const broken = await uploadSnapshot(server, { 'score.py': 'def init():\n    raise ValueError("no model file here")\n\ndef run(data):\n    return data\n' });
    expect((await call(server, 'POST', '', { name: 'broken', models: ['diabetes:1'], entryScript: 'score.py', snapshotId: broken })).statusCode).toBe(201);
    const endpoint = await waitFor(server, 'broken', (e) => e.state !== 'Transitioning');
    expect(endpoint.state).toBe('Failed');
    expect(endpoint.deployments[0]!.error).toContain('Traceback');
    expect(endpoint.deployments[0]!.error).toContain('ValueError: no model file here');
    const logs = (await call(server, 'GET', '/broken/logs')).json().items.map((l: { line: string }) => l.line).join('\n');
    expect(logs).toContain('ValueError: no model file here');
  });

  it('runs replicas in the deployment\'s environment, and follows their log live', async () => {
    const definition = { python: {}, pip: [], pipOptions: [], variables: { GREETING: 'hello from the environment' }, docker: null, systemSitePackages: true };
    const env = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces/default/environments/greeter', headers: { authorization: `Bearer ${server.ownerToken}` }, payload: definition });
    expect(env.statusCode, env.body).toBeLessThan(300);
    const script = [
      'import os, sys', 'from azureml.core.model import Model', '',
      'def init():', '    print("init in", sys.prefix, flush=True)', '',
      'def run(data):', '    print("scoring", data, flush=True)',
      '    return {"greeting": os.environ["GREETING"], "venv": sys.prefix, "model": os.path.basename(Model.get_model_path("diabetes"))}', '',
    ].join('\n');
    const greeter = await uploadSnapshot(server, { 'score.py': script });
    expect((await call(server, 'POST', '', { name: 'greeter', models: ['diabetes:1'], entryScript: 'score.py', snapshotId: greeter, environment: 'greeter' })).statusCode).toBe(201);
    const endpoint = await waitFor(server, 'greeter', (e) => e.state !== 'Transitioning', 120_000);
    expect(endpoint.state, JSON.stringify(endpoint.deployments[0]?.error)).toBe('Healthy');
    const follow = new AbortController();
    const res = await fetch(`${server.url}/api/v1/workspaces/default/endpoints/greeter/logs/follow?tail=1`, { headers: { authorization: `Bearer ${server.ownerToken}` }, signal: follow.signal });
    const reader = res.body!.getReader();
    const greeterKey = (await call(server, 'GET', '/greeter/keys')).json().primaryKey;
    const answer = await score(endpoint.scoringUrl, `Bearer ${greeterKey}`);
    const logs = async () => (await call(server, 'GET', '/greeter/logs')).json().items.map((l: { line: string }) => l.line).join('\n');
    expect(answer.body, await logs()).toMatchObject({ greeting: 'hello from the environment', venv: expect.stringContaining(join('endpoints', 'cache', 'envs')), model: 'model.pkl' });
    let streamed = '';
    while (!streamed.includes('scoring')) streamed += new TextDecoder().decode((await reader.read()).value);
    follow.abort();
    expect(streamed).toMatch(/event: line\ndata: \{"seq":\d+,"at":\d+,"deployment":"default","replica":"default-g1-1","line":"scoring/);
  });

  it('hands a @rawhttp run() the HTTP request at the scoring URL, and answers 415 to a non-JSON POST to a decorated run()', async () => {
    const raw = ['from azureml.contrib.services.aml_request import rawhttp', 'from azureml.contrib.services.aml_response import AMLResponse', '',
      'def init():', '    pass', '', '@rawhttp', 'def run(request):',
      '    return AMLResponse("%s %s %d" % (request.method, request.args.get("q"), len(request.get_data())), 207, {"X-Seen": request.headers.get("X-Custom", "")})', ''].join('\n');
    const decorated = ['from inference_schema.schema_decorators import input_schema', 'from inference_schema.parameter_types.standard_py_parameter_type import StandardPythonParameterType', '',
      'def init():', '    pass', '', '@input_schema("x", StandardPythonParameterType(1))', 'def run(x):', '    return {"x": x}', ''].join('\n');
    const keys: Record<string, string> = {};
    for (const [name, script] of [['raw', raw], ['decorated', decorated]] as const) {
      const snapshot = await uploadSnapshot(server, { 'score.py': script });
      expect((await call(server, 'POST', '', { name, models: ['diabetes:1'], entryScript: 'score.py', snapshotId: snapshot })).statusCode).toBe(201);
      const endpoint = await waitFor(server, name, (e) => e.state !== 'Transitioning');
      expect(endpoint.state, JSON.stringify(endpoint.deployments[0]?.error)).toBe('Healthy');
      keys[name] = (await call(server, 'GET', `/${name}/keys`)).json().primaryKey;
    }
    const rawUrl = `${server.url}/endpoints/default/raw/score`;
    const post = await fetch(`${rawUrl}?q=7`, { method: 'POST', headers: { authorization: `Bearer ${keys.raw}`, 'x-custom': 'hi' }, body: Buffer.from([1, 2, 0xff]) });
    expect([post.status, await post.text(), post.headers.get('x-seen'), post.headers.get('content-type')]).toEqual([207, 'POST 7 3', 'hi', 'text/html; charset=utf-8']);
    const get = await fetch(`${rawUrl}?q=x`, { headers: { authorization: `Bearer ${keys.raw}` } });
    expect([get.status, await get.text()]).toEqual([207, 'GET x 0']);
    const refused = await fetch(`${server.url}/endpoints/default/decorated/score`, { method: 'POST', headers: { authorization: `Bearer ${keys.decorated}`, 'content-type': 'text/plain' }, body: '{"x": 2}' });
    expect([refused.status, await refused.json()]).toEqual([415, { message: 'Expects Content-Type to be application/json' }]);
    const accepted = await fetch(`${server.url}/endpoints/default/decorated/score`, { method: 'POST', headers: { authorization: `Bearer ${keys.decorated}`, 'content-type': 'application/json' }, body: '{"x": 2}' });
    expect(await accepted.json()).toEqual({ x: 2 });
  });

  it('deletes endpoints: their URLs answer 404 and the model versions they served can go', async () => {
    for (const name of ['diabetes', 'broken', 'greeter', 'raw', 'decorated']) expect((await call(server, 'DELETE', `/${name}`)).statusCode).toBe(204);
    expect((await score(scoringUrl)).status).toBe(404);
    const res = await server.app.inject({ method: 'DELETE', url: '/api/v1/workspaces/default/models/diabetes/versions/2', headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect(res.statusCode).toBe(204);
  });
});
