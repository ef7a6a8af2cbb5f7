// `cairn endpoint …` as a real process against a real server with Python replicas: create (prints the
// scoring URL, waits until Healthy), invoke, keys, show --metrics, deploy with a traffic split, a
// failing init() shown with its traceback, bad traffic refused, logs, delete.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKLEARN_SCORE, trainRidge } from '../../../serving/src/test-support/scripts.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { boundCairn } from '../test-support/run-cairn.js';

let server: TestServer;
let dir: string;
const ROW = JSON.stringify({ data: [[1, 0, 0, 0, 0, 0, 0, 0, 0, 1]] });
const { run: cairn, json } = boundCairn(() => ({ url: server.url, token: server.ownerToken, dir }));
const source = ['--entry-script', 'score.py', '--source-dir', 'src'];

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'cairn-endpoint-cli-'));
  trainRidge(join(dir, 'model'));
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'score.py'), SKLEARN_SCORE);
  await writeFile(join(dir, 'sample.json'), ROW);
  await mkdir(join(dir, 'broken'));
  await writeFile(join(dir, 'broken', 'score.py'), 'import json\n\ndef init():\n    json.loads("{not json")\n\ndef run(data):\n    return data\n');
  expect((await cairn(['model', 'register', '--name', 'diabetes', '--path', join(dir, 'model', 'model.pkl'), '--framework', 'ScikitLearn'])).code).toBe(0);
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cairn endpoint', () => {
  it('creates an endpoint, printing its scoring URL and waiting until it is Healthy', async () => {
    const created = await cairn(['endpoint', 'create', 'diabetes', '--model', 'diabetes:1', ...source, '--max-replicas', '1', '--sample-input', 'sample.json']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain(`Scoring URL: ${server.url}/endpoints/default/diabetes/score`);
    expect(created.stderr).toMatch(/generation 1: Healthy: 1\/1 replica\(s\) ready/);
    expect(created.stdout).toMatch(/state:\s+Healthy/);
    expect(created.stdout).toMatch(/default\s+Healthy\s+diabetes:1/);
  });

  it('invokes it, and its URL scores with the key `endpoint keys` prints', async () => {
    const invoked = await cairn(['endpoint', 'invoke', 'diabetes', '--data', ROW]);
    expect(invoked.code, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)[0]).toBeCloseTo(12, 3);
    const keys = await json(['endpoint', 'keys', 'diabetes']);
    const res = await fetch(`${server.url}/endpoints/default/diabetes/score`, { method: 'POST', headers: { authorization: `Bearer ${keys.primaryKey}` }, body: ROW });
    expect(res.status).toBe(200);
    const regenerated = await json(['endpoint', 'regen-key', 'diabetes', 'secondary']);
    expect(regenerated).toMatchObject({ primaryKey: keys.primaryKey, secondaryKey: expect.not.stringMatching(keys.secondaryKey) });
    const token = await cairn(['endpoint', 'token', 'diabetes']);
    expect([token.code, token.stderr]).toEqual([1, expect.stringContaining('uses key auth')]);
  });

  it('lists endpoints and shows telemetry and swagger', async () => {
    expect((await json(['endpoint', 'list'])).items.map((e: { name: string; state: string }) => `${e.name} ${e.state}`)).toEqual(['diabetes Healthy']);
    const shown = await cairn(['endpoint', 'show', 'diabetes', '--metrics']);
    expect(shown.stdout).toContain('Telemetry');
    expect(shown.stdout).toMatch(/default\s+\d+\s+200:\d+/);
    const swagger = await (await fetch(`${server.url}/endpoints/default/diabetes/swagger.json`)).json();
    expect(swagger).toMatchObject({ swagger: '2.0', definitions: { ServiceInput: { example: JSON.parse(ROW) } } });
  });

  it('deploys a second deployment with a traffic split, and refuses one that does not sum to 100', async () => {
    const bad = await cairn(['endpoint', 'deploy', 'diabetes', '--deployment', 'green', '--model', 'diabetes:1', ...source, '--traffic', 'default=50,green=40']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INVALID_TRAFFIC');
    const green = await json(['endpoint', 'deploy', 'diabetes', '--deployment', 'green', '--model', 'diabetes@latest', ...source, '--max-replicas', '1', '--traffic', 'default=50,green=50']);
    expect(green).toMatchObject({ state: 'Healthy', traffic: { default: 50, green: 50 } });
    const logs = await cairn(['endpoint', 'logs', 'diabetes', '--deployment', 'green']);
    expect(logs.stdout).toContain('green/cairn | generation 1: Healthy');
  });

  it('fails create with the replica\'s traceback when init() raises', async () => {
    const broken = await cairn(['endpoint', 'create', 'broken', '--model', 'diabetes:1', '--entry-script', 'score.py', '--source-dir', 'broken']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('DEPLOYMENT_FAILED');
    expect(broken.stderr).toContain('Traceback (most recent call last)');
    expect(broken.stderr).toContain('json.decoder.JSONDecodeError');
    expect(broken.stderr).not.toContain('container');
  });

  it('deletes endpoints; showing one then exits 3', async () => {
    for (const name of ['diabetes', 'broken']) expect((await cairn(['endpoint', 'delete', name])).code).toBe(0);
    const gone = await cairn(['endpoint', 'show', 'diabetes']);
    expect([gone.code, gone.stderr]).toEqual([3, expect.stringContaining('ENDPOINT_NOT_FOUND')]);
  });
});
