import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRun } from '../files/test-support/run-rows.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('model registry over HTTP', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  const ws = '/api/v1/workspaces/default';
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, headers = auth) =>
    server.app.inject({ method, url: `${ws}${url}`, headers, ...(payload ? { payload } : {}) });
  const uploadRunFile = (runId: string, path: string, text: string) =>
    server.app.inject({ method: 'PUT', url: `${ws}/runs/${runId}/files/${path}`, headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: text });
  const uploadBlob = (text: string, hash = sha(text), headers = auth) =>
    server.app.inject({ method: 'PUT', url: `${ws}/blobs/${hash}`, headers: { ...headers, 'content-type': 'application/octet-stream' }, payload: text });

  beforeAll(async () => {
    server = await startTestServer({ listen: false });
    auth = { authorization: `Bearer ${server.ownerToken}` };
    await insertRun(server.metadata.db, 'default', 'train-1');
    await uploadRunFile('train-1', 'outputs/model.pkl', 'pickled');
    await uploadRunFile('train-1', 'outputs/net/weights.bin', 'weights');
    await uploadRunFile('train-1', 'outputs/net/config/arch.json', '{"layers":2}');
    await uploadRunFile('train-1', 'outputs/network.txt', 'not in the folder');
  });
  afterAll(async () => server.close());

  it('registers a run file under its own name, referencing the run blob, version 1 then 2', async () => {
    const body = { name: 'diabetes', runId: 'train-1', path: 'outputs/model.pkl', framework: 'ScikitLearn', frameworkVersion: '1.2', tags: { stage: 'dev' }, datasets: ['diabetes-ds:1'] };
    const first = await call('POST', '/models', body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id: 'diabetes:1', version: 1, runId: 'train-1', framework: 'ScikitLearn', frameworkVersion: '1.2', tags: { stage: 'dev' }, fileCount: 1, size: 7, datasets: ['diabetes-ds:1'] });
    expect((await call('POST', '/models', body)).json()).toMatchObject({ id: 'diabetes:2' });
    const shown = (await call('GET', '/models/diabetes:1')).json();
    expect(shown.files).toEqual([{ path: 'model.pkl', sha256: sha('pickled'), size: 7 }]);
    expect(shown.lineage).toMatchObject({ run: { id: 'train-1', status: 'Running' }, datasets: ['diabetes-ds:1'], endpoints: [] });
    expect(shown.experiment).toBe(shown.lineage.run.experiment);
    expect((await call('GET', '/models/diabetes')).json().version).toBe(2);
  });

  it('registers a run folder keeping its tree under the folder name, and not its neighbours', async () => {
    const res = await call('POST', '/models', { name: 'net', runId: 'train-1', path: 'outputs/net/' });
    expect(res.statusCode).toBe(201);
    const files = (await call('GET', '/models/net:1')).json().files.map((f: { path: string }) => f.path);
    expect(files).toEqual(['net/config/arch.json', 'net/weights.bin']);
    const got = await call('GET', '/models/net/versions/1/files/net/config/arch.json');
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe('{"layers":2}');
  });

  it('numbers concurrent registrations of one name 1..N without gaps', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => call('POST', '/models', { name: 'race', runId: 'train-1', path: 'outputs/model.pkl' })));
    expect(results.map((r) => r.json().version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('refuses bad names, a framework version alone, unknown runs and run paths with no files', async () => {
    const bad = await call('POST', '/models', { name: '-bad', runId: 'train-1', path: 'outputs/model.pkl' });
    expect(bad.json().error.code).toBe('INVALID_NAME');
    expect((await call('POST', '/models', { name: 'm', runId: 'train-1', path: 'outputs/model.pkl', frameworkVersion: '1' })).json().error.message).toMatch(/needs a framework/);
    expect((await call('POST', '/models', { name: 'm', runId: 'nope', path: 'x' })).json().error.code).toBe('RUN_NOT_FOUND');
    const missing = await call('POST', '/models', { name: 'm', runId: 'train-1', path: 'outputs/absent.pkl' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([400, 'MODEL_FILES_MISSING']);
    expect((await call('POST', '/models', { name: 'm', runId: 'train-1', path: '../etc/passwd' })).json().error.code).toBe('INVALID_INPUT');
    expect((await call('GET', '/models/nothing:3')).json().error.code).toBe('MODEL_NOT_FOUND');
    const tags = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`t${i}`, 'v']));
    expect((await call('POST', '/models', { name: 'm', runId: 'train-1', path: 'outputs/model.pkl', tags })).json().error.message).toMatch(/at most 1,000 entries/);
    expect((await call('GET', '/models/bad name')).json().error.code).toBe('INVALID_NAME');
    expect((await call('GET', '/models/m:0')).json().error.code).toBe('INVALID_INPUT');
  });

  it('registers local files once their blobs are uploaded, only blobs uploaded to this workspace', async () => {
    const files = [{ path: 'local/a.txt', sha256: sha('aaa') }, { path: 'local/sub/b.txt', sha256: sha('bbb') }];
    expect((await call('POST', '/blobs/missing', { sha256: files.map((f) => f.sha256) })).json().missing).toHaveLength(2);
    const refused = await call('POST', '/models', { name: 'local', files });
    expect(refused.json().error).toMatchObject({ code: 'MODEL_FILES_MISSING', details: { missing: files.map((f) => f.sha256) } });
    expect((await uploadBlob('aaa')).statusCode).toBe(201);
    expect((await uploadBlob('bbb', sha('other'))).json().error.code).toBe('HASH_MISMATCH');
    await uploadBlob('bbb');
    expect((await call('POST', '/blobs/missing', { sha256: files.map((f) => f.sha256) })).json().missing).toEqual([]);
    const model = await call('POST', '/models', { name: 'local', files, framework: 'Custom' });
    expect(model.json()).toMatchObject({ id: 'local:1', runId: null, size: 6, fileCount: 2 });
    await server.workspaces.create('other', '');
    const elsewhere = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces/other/models', headers: auth, payload: { name: 'steal', files } });
    expect(elsewhere.json().error.code).toBe('MODEL_FILES_MISSING');
    expect((await call('POST', '/models', { name: 'two-roots', files: [{ path: 'a', sha256: sha('aaa') }, { path: 'b', sha256: sha('bbb') }] })).json().error.code).toBe('INVALID_INPUT');
  });

  it('lists by name, tags (k and k=v), properties, run, framework and latest, page by page', async () => {
    await call('POST', '/models', { name: 'lister', runId: 'train-1', path: 'outputs/model.pkl', tags: { team: 'a', gold: null }, properties: { auc: '0.9' } });
    await call('POST', '/models', { name: 'lister', runId: 'train-1', path: 'outputs/model.pkl', tags: { team: 'b' }, framework: 'Onnx' });
    const ids = async (query: string) => (await call('GET', `/models?${query}`)).json().items.map((m: { id: string }) => m.id);
    expect(await ids('name=lister')).toEqual(['lister:2', 'lister:1']);
    expect(await ids('name=lister&tag=gold')).toEqual(['lister:1']);
    expect(await ids('name=lister&tag=team=b')).toEqual(['lister:2']);
    expect(await ids('name=lister&tag=team&tag=gold')).toEqual(['lister:1']);
    expect(await ids('name=lister&property=auc=0.9')).toEqual(['lister:1']);
    expect(await ids('name=lister&framework=Onnx')).toEqual(['lister:2']);
    expect(await ids('name=lister&latest=true')).toEqual(['lister:2']);
    expect(await ids('runId=nope')).toEqual([]);
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await call('GET', `/models?top=5${cursor ? `&cursor=${cursor}` : ''}`)).json();
      all.push(...page.items.map((m: { id: string }) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toEqual(await ids('top=1000'));
    expect(new Set(all).size).toBe(all.length);
  });

  it('updates description and tags, adds properties but never changes one', async () => {
    await call('POST', '/models', { name: 'upd', runId: 'train-1', path: 'outputs/model.pkl', tags: { a: '1', b: '2' }, properties: { p: 'x' } });
    const res = await call('PATCH', '/models/upd/versions/1', { description: 'better', setTags: { a: '9' }, removeTags: ['b'], addProperties: { q: 'y', p: 'x' } });
    expect(res.json()).toMatchObject({ description: 'better', tags: { a: '9' }, properties: { p: 'x', q: 'y' } });
    expect(res.json().tags).not.toHaveProperty('b');
    const clash = await call('PATCH', '/models/upd/versions/1', { addProperties: { p: 'changed' }, setTags: { c: '3' } });
    expect([clash.statusCode, clash.json().error.code]).toEqual([409, 'PROPERTY_IMMUTABLE']);
    expect((await call('GET', '/models/upd:1')).json().tags).toEqual({ a: '9' });
  });

  it('follows aliases, records events, deletes versions and their aliases', async () => {
    await call('POST', '/models', { name: 'ali', runId: 'train-1', path: 'outputs/model.pkl' });
    await call('POST', '/models', { name: 'ali', runId: 'train-1', path: 'outputs/model.pkl' });
    expect((await call('PUT', '/models/ali/aliases/production', { version: 1 })).json()).toMatchObject({ alias: 'production', version: 1 });
    expect((await call('GET', '/models/ali@production')).json()).toMatchObject({ version: 1, aliases: ['production'] });
    expect((await call('GET', '/models/ali@latest')).json().version).toBe(2);
    expect((await call('PUT', '/models/ali/aliases/latest', { version: 1 })).json().error.code).toBe('INVALID_NAME');
    expect((await call('PUT', '/models/ali/aliases/production', { version: 7 })).json().error.code).toBe('MODEL_NOT_FOUND');
    await call('PUT', '/models/ali/aliases/production', { version: 2 });
    expect((await call('GET', '/models/ali/aliases')).json().items).toMatchObject([{ alias: 'production', version: 2 }]);
    expect((await call('DELETE', '/models/ali/versions/2')).statusCode).toBe(204);
    expect((await call('GET', '/models/ali@production')).json().error.code).toBe('MODEL_NOT_FOUND');
    expect((await call('GET', '/models/ali')).json().version).toBe(1);
    await call('POST', '/models', { name: 'ali', runId: 'train-1', path: 'outputs/model.pkl' });
    expect((await call('GET', '/models/ali')).json().version).toBe(3);
    await call('PUT', '/models/ali/aliases/staging', { version: 1 });
    expect((await call('DELETE', '/models/ali/aliases/staging')).statusCode).toBe(204);
    expect((await call('DELETE', '/models/ali/aliases/staging')).json().error.code).toBe('MODEL_NOT_FOUND');
    const events = (await call('GET', '/models/ali/events')).json().items.map((e: { kind: string; version: number | null; alias: string | null }) => [e.kind, e.version, e.alias]);
    expect(events).toEqual([['registered', 1, null], ['registered', 2, null], ['aliased', 1, 'production'], ['aliased', 2, 'production'],
      ['deleted', 2, null], ['registered', 3, null], ['aliased', 1, 'staging'], ['unaliased', null, 'staging']]);
    const all = (await call('GET', '/model-events')).json().items;
    expect(new Set(all.map((e: { name: string }) => e.name))).toEqual(new Set(['diabetes', 'net', 'race', 'local', 'lister', 'upd', 'ali']));
    const after = all.at(-3).id;
    expect((await call('GET', `/model-events?after=${after}`)).json().items.map((e: { kind: string; alias: string | null }) => [e.kind, e.alias]))
      .toEqual([['aliased', 'staging'], ['unaliased', 'staging']]);
  });

  it('refuses to delete a version an active deployment serves, naming the endpoint, and shows it in lineage', async () => {
    await call('POST', '/models', { name: 'served', runId: 'train-1', path: 'outputs/model.pkl' });
    server.models.useUsage({ usersOf: async (_ws, name, version) => (name === 'served' && version === 1 ? [{ endpoint: 'diabetes-api', deployment: 'blue', active: true }] : []) });
    try {
      const refused = await call('DELETE', '/models/served/versions/1');
      expect([refused.statusCode, refused.json().error.code, refused.json().error.details.endpoints]).toEqual([409, 'MODEL_IN_USE', ['diabetes-api']]);
      expect(refused.json().error.message).toContain('diabetes-api');
      expect((await call('GET', '/models/served:1')).json().lineage.endpoints).toEqual([{ endpoint: 'diabetes-api', deployment: 'blue', active: true }]);
    } finally {
      server.models.useUsage({ usersOf: async () => [] });
    }
    expect((await call('DELETE', '/models/served/versions/1')).statusCode).toBe(204);
  });

  it('tells listeners about committed changes, and a failing listener fails nothing', async () => {
    const seen: string[] = [];
    const stopA = server.models.onChange((e) => { seen.push(`${e.kind} ${e.name} ${e.version ?? '-'} ${e.alias ?? '-'} ${e.workspace.name}`); });
    const stopB = server.models.onChange(() => { throw new Error('listener broke'); });
    try {
      expect((await call('POST', '/models', { name: 'heard', runId: 'train-1', path: 'outputs/model.pkl' })).statusCode).toBe(201);
      expect((await call('PUT', '/models/heard/aliases/production', { version: 1 })).statusCode).toBe(200);
      expect((await call('PATCH', '/models/heard/versions/1', { addProperties: { p: 'x' } })).statusCode).toBe(200);
      await call('PATCH', '/models/heard/versions/1', { addProperties: { p: 'changed' } });
      expect((await call('DELETE', '/models/heard/versions/1')).statusCode).toBe(204);
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen).toEqual(['registered heard 1 - default', 'aliased heard 1 production default', 'updated heard 1 - default', 'deleted heard 1 - default']);
    } finally {
      stopA();
      stopB();
    }
  });

  it('lays versions out under <name>/<version>/ for replicas, whole, reusing one already there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-models-'));
    try {
      const workspace = await server.workspaces.resolve('default');
      const { versionDir } = await server.models.materialize(workspace, 'net:1', dir);
      expect(versionDir).toBe(join(dir, 'net', '1'));
      expect(await readFile(join(versionDir, 'net', 'weights.bin'), 'utf8')).toBe('weights');
      await server.models.materialize(workspace, 'diabetes:1', dir);
      expect(await readFile(join(dir, 'diabetes', '1', 'model.pkl'), 'utf8')).toBe('pickled');
      await writeFile(join(versionDir, 'net', 'weights.bin'), 'kept');
      await Promise.all([server.models.materialize(workspace, 'net:1', dir), server.models.materialize(workspace, 'net:1', dir)]);
      expect(await readFile(join(versionDir, 'net', 'weights.bin'), 'utf8')).toBe('kept');
      expect((await readdir(join(dir, 'net'))).sort()).toEqual(['1']);
      const fresh = join(dir, 'fresh');
      await Promise.all([1, 2, 3].map(() => server.models.materialize(workspace, 'net:1', fresh)));
      expect(await readdir(join(fresh, 'net'))).toEqual(['1']);
      expect(await readFile(join(fresh, 'net', '1', 'net', 'config', 'arch.json'), 'utf8')).toBe('{"layers":2}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lets a Reader read but not register', async () => {
    const reader = { authorization: `Bearer ${await server.tokenFor('Reader')}` };
    expect((await call('GET', '/models/diabetes', undefined, reader)).statusCode).toBe(200);
    expect((await call('POST', '/models', { name: 'x', runId: 'train-1', path: 'outputs/model.pkl' }, reader)).statusCode).toBe(403);
  });
});
