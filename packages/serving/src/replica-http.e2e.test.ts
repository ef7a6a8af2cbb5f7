/**
 * How run() takes a request, as v1 defines it, with real Python replicas behind the gateway handler
 * over HTTP: a `@rawhttp` run() gets the request itself (method, query, headers, body bytes) and
 * answers with an `AMLResponse` of its own status, headers and body; `@rawhttp` with
 * `@input_schema` fails at start with a clear message; a decorated run() refuses a POST that is not
 * `application/json` (415).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewayHandler } from './node-gateway.js';
import { LocalReplicaLauncher } from './replica.js';
import { ReplicaPool, type PoolSettings } from './replica-pool.js';
import { scriptSpec } from './test-support/scripts.js';

/** The repository's `python/` folder: `azureml.contrib` and `inference_schema`, as replicas of the server get it. */
const PYTHON_DIR = fileURLToPath(new URL('../../../python', import.meta.url));
const settings: PoolSettings = { minReplicas: 1, maxReplicas: 1, targetUtilization: 70, maxConcurrentRequestsPerReplica: 1, maxQueueWaitMs: 10_000, scoringTimeoutMs: 20_000 };

const RAW = `
import json
from azureml.contrib.services.aml_request import AMLRequest, rawhttp
from azureml.contrib.services.aml_response import AMLResponse

def init():
    pass

@rawhttp
def run(request):
    if request.args.get("plain"):
        return {"method": request.method}
    if request.args.get("as_json"):
        return AMLResponse({"k": [1, 2]}, 202, json_str=True)
    seen = {"method": request.method, "path": request.path, "full_path": request.full_path, "a": request.args.get("a"),
            "all_a": request.args.getlist("a"), "header": request.headers.get("X-Custom"), "bytes": list(request.get_data()),
            "same": request.data == request.get_data(), "json": request.get_json(silent=True),
            "key": request.headers.get("Authorization")}
    return AMLResponse(json.dumps(seen), 201, {"Content-Type": "application/vnd.seen+json", "X-Answered": "yes"})
`;

const SCHEMA = `
from inference_schema.schema_decorators import input_schema
from inference_schema.parameter_types.standard_py_parameter_type import StandardPythonParameterType

def init():
    pass

@input_schema("x", StandardPythonParameterType(1))
def run(x):
    return {"twice": x * 2}
`;

const BOTH = `
from azureml.contrib.services.aml_request import rawhttp
from inference_schema.schema_decorators import input_schema
from inference_schema.parameter_types.standard_py_parameter_type import StandardPythonParameterType

def init():
    pass

@rawhttp
@input_schema("x", StandardPythonParameterType(1))
def run(x):
    return {}
`;

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A pool of one replica of `script` behind the gateway handler; its base URL. */
async function serve(script: string): Promise<string> {
  const spec = scriptSpec(script);
  spec.env.PYTHONPATH = PYTHON_DIR;
  const pool = new ReplicaPool('blue', spec, settings, new LocalReplicaLauncher(), () => {});
  expect(await pool.start()).toBe('Healthy');
  const server: Server = createServer(gatewayHandler({ bodyLimit: 1 << 20, score: (body, request) => pool.score(body, request) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())), () => pool.stopAll());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('@rawhttp, AMLResponse and decorated-mode content types', () => {
  it('hands a @rawhttp run() the request itself and answers with its AMLResponse', async () => {
    const url = await serve(RAW);
    const post = await fetch(`${url}/score?a=1&a=2`, { method: 'POST', headers: { 'x-custom': 'hello', 'content-type': 'application/octet-stream', authorization: 'Bearer the-endpoint-key' }, body: Buffer.from([0xff, 0x00, 0x41]) });
    expect([post.status, post.headers.get('content-type'), post.headers.get('x-answered')]).toEqual([201, 'application/vnd.seen+json', 'yes']);
    expect(post.headers.get('x-ms-request-id')).toBeTruthy();
    expect(await post.json()).toEqual({ method: 'POST', path: '/score', full_path: '/score?a=1&a=2', a: '1', all_a: ['1', '2'], header: 'hello', bytes: [255, 0, 65], same: true, json: null, key: null });
    const get = await fetch(`${url}/score?a=x`);
    expect(await get.json()).toMatchObject({ method: 'GET', full_path: '/score?a=x', a: 'x', bytes: [] });
    const json = await fetch(`${url}/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"k": [1]}' });
    expect((await json.json()).json).toEqual({ k: [1] });
    const asJson = await fetch(`${url}/score?as_json=1`);
    expect([asJson.status, asJson.headers.get('content-type'), await asJson.json()]).toEqual([202, 'application/json', { k: [1, 2] }]);
    // A plain JSON-serialisable return is a 200 JSON answer, as for any run().
    const plain = await fetch(`${url}/score?plain=1`);
    expect([plain.status, plain.headers.get('content-type'), await plain.json()]).toEqual([200, 'application/json', { method: 'GET' }]);
  });

  it('refuses @rawhttp together with @input_schema at start, saying why', async () => {
    const spec = scriptSpec(BOTH);
    spec.env.PYTHONPATH = PYTHON_DIR;
    const pool = new ReplicaPool('blue', spec, settings, new LocalReplicaLauncher(), () => {});
    expect(await pool.start()).toBe('Failed');
    expect(pool.status().error).toMatch(/both @rawhttp and @input_schema/);
  });

  it('answers 415 to a POST without a JSON content type on a decorated run(), as v1 does', async () => {
    const url = await serve(SCHEMA);
    for (const headers of [{}, { 'content-type': 'text/plain' }]) {
      const res = await fetch(`${url}/score`, { method: 'POST', headers, body: '{"x": 4}' });
      expect([res.status, await res.json()]).toEqual([415, { message: 'Expects Content-Type to be application/json' }]);
    }
    const ok = await fetch(`${url}/score`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"x": 4}' });
    expect([ok.status, await ok.json()]).toEqual([200, { twice: 8 }]);
    expect(await (await fetch(`${url}/score?x=5`)).json()).toEqual({ twice: 10 });
  });
});
