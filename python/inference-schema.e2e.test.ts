/**
 * v1 score.py files using the inference-schema decorators, served unchanged by real Python replicas
 * behind the gateway: the body's members reach run() by name, converted to the declared types; bad
 * bodies are v1's 400s; swagger.json comes from the decorators (over --sample-input), or from a
 * swagger2.json in the source directory, which overrides both. An undecorated script still gets the
 * body as a string. The runner bundle ships the package for runs on nodes without the repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module build script without types.
import { bundleRunner } from '../packages/runner/bundle.mjs';
import { call, registerModel, uploadSnapshot, waitFor } from '../packages/server/src/endpoints/test-support/endpoint-fixtures.js';
import { startTestServer, type TestServer } from '../packages/server/src/test-support/test-server.js';

const DECORATED = `
import numpy as np
from inference_schema.schema_decorators import input_schema, output_schema
from inference_schema.parameter_types.numpy_parameter_type import NumpyParameterType
from inference_schema.parameter_types.standard_py_parameter_type import StandardPythonParameterType

def init():
    pass

@input_schema("data", NumpyParameterType(np.array([[1.5, 2.5]], dtype="float32")))
@input_schema("scale", StandardPythonParameterType(2))
@output_schema(StandardPythonParameterType({"dtype": "float32", "shape": [1, 2], "total": 8.0}))
def run(data, scale=1):
    return {"type": type(data).__name__, "dtype": str(data.dtype), "shape": list(data.shape), "total": float(data.sum()) * scale}
`;

const PLAIN = `
def init():
    pass

def run(raw_data):
    return {"type": type(raw_data).__name__, "raw": raw_data}
`;

const OWN_SWAGGER = { swagger: '2.0', info: { title: 'written by hand', version: '7' }, paths: {} };

let server: TestServer;

async function deploy(name: string, files: Record<string, string>, sampleInput?: string): Promise<string> {
  const snapshotId = await uploadSnapshot(server, files);
  const created = await call(server, 'POST', '', { name, models: ['tiny:1'], entryScript: 'score.py', snapshotId, ...(sampleInput ? { sampleInput } : {}) });
  expect(created.statusCode, created.body).toBe(201);
  const endpoint = await waitFor(server, name, (e) => e.state !== 'Transitioning');
  expect(endpoint.state, JSON.stringify(endpoint)).toBe('Healthy');
  return (await call(server, 'GET', `/${name}/keys`)).json().primaryKey as string;
}

async function score(name: string, key: string, body: string): Promise<{ status: number; json: any }> {
  const res = await server.app.inject({ method: 'POST', url: `/endpoints/default/${name}/score`, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: body });
  return { status: res.statusCode, json: res.json() };
}

async function swagger(name: string): Promise<any> {
  // The document is set just after the deployment turned Healthy.
  for (let tries = 0; tries < 100; tries++) {
    const res = await server.app.inject({ url: `/endpoints/default/${name}/swagger.json` });
    if (res.statusCode === 200) return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no swagger.json for ${name}`);
}

beforeAll(async () => {
  server = await startTestServer();
  await registerModel(server, 'tiny', 'Custom', [{ path: 'weights.txt', bytes: Buffer.from('1') }]);
}, 60_000);
afterAll(() => server?.close());

describe('a decorated score.py', () => {
  let key: string;
  beforeAll(async () => {
    key = await deploy('decorated', { 'score.py': DECORATED }, '{"something": "else"}');
  }, 90_000);

  it('gets the array as numpy of the sample dtype, by name, with the Python default when absent', async () => {
    expect(await score('decorated', key, '{"data": [[1, 2], [3, 4]]}')).toEqual({ status: 200, json: { type: 'ndarray', dtype: 'float32', shape: [2, 2], total: 10 } });
    expect((await score('decorated', key, '{"data": [[1, 2]], "scale": 3}')).json.total).toBe(9);
  });

  it("answers v1's 400s for a missing parameter, a body that is not an object, and an empty body", async () => {
    expect(await score('decorated', key, '{"scale": 3}')).toEqual({ status: 400, json: { message: "A value is not provided for the 'data' parameter." } });
    expect(await score('decorated', key, '[[1, 2]]')).toEqual({ status: 400, json: { message: 'POST body should be a JSON dictionary.' } });
    expect(await score('decorated', key, 'not json')).toEqual({ status: 400, json: { message: 'POST body should be a JSON dictionary.' } });
    const empty = await score('decorated', key, '');
    expect(empty.status).toBe(400);
    expect(empty.json.message).toMatch(/^POST body is empty/);
  });

  it('serves swagger.json from the decorators rather than the sample input', async () => {
    const doc = await swagger('decorated');
    expect(doc.swagger).toBe('2.0');
    expect(doc.paths['/score'].post.parameters[0].schema).toEqual({ $ref: '#/definitions/ServiceInput' });
    expect(doc.definitions.ServiceInput).toEqual({
      type: 'object',
      properties: {
        data: { type: 'array', items: { type: 'array', items: { type: 'number', format: 'float' } }, example: [[1.5, 2.5]] },
        scale: { type: 'integer', format: 'int64', example: 2 },
      },
      example: { data: [[1.5, 2.5]], scale: 2 },
    });
    expect(doc.definitions.ServiceOutput).toMatchObject({ type: 'object', properties: { total: { type: 'number', format: 'double' } }, example: { dtype: 'float32', shape: [1, 2], total: 8 } });
  });

  it('keeps the schema report out of the replica log', async () => {
    const logs = await call(server, 'GET', '/decorated/logs');
    expect(logs.statusCode, logs.body).toBe(200);
    expect(logs.body).toContain('init() done');
    expect(logs.body).not.toContain('cairn-schema');
  });
});

describe('an undecorated score.py', () => {
  it('still gets the body as a string, and a swagger2.json in its source directory is served as written', async () => {
    const key = await deploy('plain', { 'score.py': PLAIN, 'swagger2.json': JSON.stringify(OWN_SWAGGER) }, '{"data": 1}');
    expect(await score('plain', key, '[1, 2]')).toEqual({ status: 200, json: { type: 'str', raw: '[1, 2]' } });
    expect(await swagger('plain')).toEqual(OWN_SWAGGER);
  }, 90_000);
});

describe('the runner bundle', () => {
  it('ships inference_schema beside cairn and azureml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bundle-schema-'));
    try {
      await bundleRunner(dir);
      const printed = execFileSync('/usr/bin/python3', ['-c', 'import inference_schema.schema_decorators as d; print(d.__file__)'], { env: { PYTHONPATH: join(dir, 'python') }, encoding: 'utf8' });
      expect(printed.trim()).toBe(join(dir, 'python', 'inference_schema', 'schema_decorators.py'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
