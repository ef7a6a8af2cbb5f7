import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRun } from '../files/test-support/run-rows.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

describe('datastores and datasets over HTTP', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  let dir: string;
  const ws = '/api/v1/workspaces/default';
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    server.app.inject({ method, url: `${ws}${url}`, headers: auth, ...(payload ? { payload } : {}) });
  const put = (path: string, text: string) => writeFile(join(dir, path), text);

  beforeAll(async () => {
    server = await startTestServer({ listen: false });
    auth = { authorization: `Bearer ${server.ownerToken}` };
    dir = await mkdtemp(join(tmpdir(), 'cairn-local-ds-'));
    for (const p of ['images/a/1.png', 'images/b/2.png', 'images/notes.txt', 'tables/iris.csv']) await mkdir(dirname(join(dir, p)), { recursive: true });
    await put('images/a/1.png', 'one');
    await put('images/b/2.png', 'two');
    await put('images/notes.txt', 'not an image');
    await put('tables/iris.csv', 'len,kind,ok\n5.1,setosa,true\n4.9,setosa,false\n,virginica,true\n7.0,"versi,color",true\n');
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the workspace blob store as the default datastore, and registers a local one without credentials shown', async () => {
    const list = (await call('GET', '/datastores')).json();
    expect(list.items).toMatchObject([{ name: 'workspaceblobstore', type: 'workspace', isDefault: true }]);
    const made = await call('POST', '/datastores', { type: 'local', name: 'lake', path: dir });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ name: 'lake', type: 'local', isDefault: false, location: { path: dir }, secretNames: [] });
    expect((await call('POST', '/datastores', { type: 'local', name: 'lake', path: dir })).json().error.code).toBe('DATASTORE_EXISTS');
    expect((await call('POST', '/datastores', { type: 'local', name: 'gone', path: join(dir, 'nope') })).statusCode).toBe(400);
  });

  it('names the endpoint when storage is unreachable, and a missing vault secret', async () => {
    await call('PUT', '/secrets/s3key', { value: 'id:secret' });
    const down = await call('POST', '/datastores', { type: 's3', name: 'down', endpoint: 'http://127.0.0.1:1', bucket: 'b', keySecret: 's3key' });
    expect(down.statusCode).toBe(502);
    expect(down.json().error).toMatchObject({ code: 'STORAGE_UNREACHABLE', details: { endpoint: 'http://127.0.0.1:1/b', call: 'S3 ListObjectsV2' } });
    const noSecret = await call('POST', '/datastores', { type: 's3', name: 'nosecret', endpoint: 'http://127.0.0.1:1', bucket: 'b', keySecret: 'missing' });
    expect(noSecret.json().error.code).toBe('SECRET_NOT_FOUND');
  });

  it('uploads to and downloads from the default datastore, refusing a wrong hash', async () => {
    const up = await server.app.inject({ method: 'PUT', url: `${ws}/datastores/workspaceblobstore/files/raw/x.txt`, headers: { ...auth, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(up.statusCode).toBe(201);
    expect((await call('GET', '/datastores/workspaceblobstore/files?prefix=raw/')).json().items).toEqual([{ path: 'raw/x.txt', size: 5 }]);
    expect((await call('GET', '/datastores/workspaceblobstore/files/raw/x.txt')).body).toBe('hello');
    const bad = await server.app.inject({ method: 'PUT', url: `${ws}/datastores/workspaceblobstore/files/raw/y.txt?sha256=${'0'.repeat(64)}`, headers: auth, payload: 'bytes' });
    expect(bad.json().error.code).toBe('HASH_MISMATCH');
    expect((await call('GET', '/datastores/workspaceblobstore/files?prefix=raw/y')).json().items).toEqual([]);
  });

  it('versions a file dataset by content: same files → same version, changed file at the same path → new version', async () => {
    const body = { name: 'images', datastore: 'lake', path: 'images/**/*.png' };
    const first = await call('POST', '/datasets', body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id: 'images:1', fileCount: 2, size: 6, created: true });
    const again = await call('POST', '/datasets', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: 'images:1', created: false });
    await put('images/a/1.png', 'uno');
    await utimes(join(dir, 'images/a/1.png'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await call('POST', '/datasets', body)).json()).toMatchObject({ id: 'images:2', created: true });
    const diff = (await call('GET', '/datasets/images:1/diff?to=images:2')).json();
    expect(diff).toEqual({ from: 'images:1', to: 'images:2', added: [], removed: [], changed: ['images/a/1.png'], unchanged: 1 });
    const shown = (await call('GET', '/datasets/images')).json();
    expect(shown).toMatchObject({ version: 2, sample: ['images/a/1.png', 'images/b/2.png'], lineage: [], profile: null });
  });

  it('refuses a glob escaping the root and a path matching nothing', async () => {
    const escape = await call('POST', '/datasets', { name: 'bad', datastore: 'lake', path: '../etc/*' });
    expect(escape.json().error.code).toBe('PATH_ESCAPES_DATASTORE');
    const none = await call('POST', '/datasets', { name: 'bad', datastore: 'lake', path: 'images/**/*.jpg' });
    expect(none.json().error).toMatchObject({ code: 'NO_MATCHING_FILES' });
    expect((await call('GET', '/datasets?name=bad')).json().items).toEqual([]);
  });

  it('profiles a tabular dataset in a background job, and names the row and column of a parse error', async () => {
    expect((await call('POST', '/datasets', { name: 'iris', kind: 'tabular', datastore: 'lake', path: 'tables/iris.csv' })).statusCode).toBe(201);
    await server.datasets.idle();
    const { profile } = (await call('GET', '/datasets/iris:1')).json();
    expect(profile).toMatchObject({ status: 'Completed', rowCount: 4, error: null });
    expect(profile.columns[0]).toMatchObject({ name: 'len', type: 'number', missing: 1, min: 4.9, max: 7, distinct: 3 });
    expect(profile.columns[0].mean).toBeCloseTo(17 / 3);
    expect(profile.columns[1]).toMatchObject({ name: 'kind', type: 'string', missing: 0, distinct: 3, top: [{ value: 'setosa', count: 2 }, { value: 'versi,color', count: 1 }, { value: 'virginica', count: 1 }] });
    expect(profile.columns[2]).toMatchObject({ type: 'boolean' });
    await put('tables/broken.csv', 'a,b\n1,2\n3\n');
    await call('POST', '/datasets', { name: 'broken', kind: 'tabular', datastore: 'lake', path: 'tables/broken.csv' });
    await server.datasets.idle();
    const failed = (await call('GET', '/datasets/broken')).json().profile;
    expect(failed).toMatchObject({ status: 'Failed', error: { code: 'TABULAR_PARSE_ERROR', details: { file: 'tables/broken.csv', row: 3, column: 2 } } });
    expect(failed.log.join('\n')).toContain('row 3, column 2');
  });

  it('profiles Parquet files by their own column types, and names a file that is not Parquet', async () => {
    const columnData = [
      { name: 'age', data: [31, null, 45, 28], type: 'INT32' as const },
      { name: 'score', data: [0.5, 1.5, 2.5, null], type: 'DOUBLE' as const },
      { name: 'city', data: ['Oslo', 'Lima', 'Oslo', null], type: 'STRING' as const },
      { name: 'member', data: [true, false, true, true], type: 'BOOLEAN' as const },
    ];
    await writeFile(join(dir, 'tables/people.parquet'), Buffer.from(parquetWriteBuffer({ columnData })));
    const made = (await call('POST', '/datasets', { name: 'people', kind: 'tabular', datastore: 'lake', path: 'tables/*.parquet' })).json();
    expect(made).toMatchObject({ kind: 'tabular', separator: null, fileCount: 1 });
    await server.datasets.idle();
    const { profile } = (await call('GET', '/datasets/people')).json();
    expect(profile).toMatchObject({ status: 'Completed', rowCount: 4, error: null });
    expect(profile.columns.map((c: { name: string; type: string }) => `${c.name}:${c.type}`)).toEqual(['age:integer', 'score:number', 'city:string', 'member:boolean']);
    expect(profile.columns[0]).toMatchObject({ missing: 1, min: 28, max: 45, distinct: 3 });
    expect(profile.columns[1].mean).toBeCloseTo(1.5);
    expect(profile.columns[2]).toMatchObject({ missing: 1, top: [{ value: 'Oslo', count: 2 }, { value: 'Lima', count: 1 }] });
    await put('tables/fake.parquet', 'a,b\n1,2\n');
    await call('POST', '/datasets', { name: 'fake', kind: 'tabular', datastore: 'lake', path: 'tables/fake.parquet' });
    await server.datasets.idle();
    const failed = (await call('GET', '/datasets/fake')).json().profile;
    expect(failed).toMatchObject({ status: 'Failed', error: { code: 'TABULAR_PARSE_ERROR', details: { file: 'tables/fake.parquet' } } });
    expect(failed.error.message).toContain('not a Parquet file');
  });

  it('refuses deleting a datastore referenced by datasets (naming them) and a dataset read by a run', async () => {
    const refused = (await call('DELETE', '/datastores/lake')).json().error;
    expect(refused.code).toBe('DATASTORE_IN_USE');
    expect(refused.details.datasets).toContain('images:1');
    await insertRun(server.metadata.db, 'default', 'reader-1');
    await server.datasets.linkRun(await server.workspaces.resolve('default'), 'images:2', 'reader-1', 'input', 'training');
    expect((await call('GET', '/datasets/images:2')).json().lineage).toEqual([{ runId: 'reader-1', direction: 'input', name: 'training' }]);
    expect((await call('DELETE', '/datasets/images/versions/2')).json().error).toMatchObject({ code: 'DATASET_IN_USE', details: { runs: ['reader-1'] } });
    expect((await call('DELETE', '/datasets/images/versions/1')).statusCode).toBe(204);
    expect((await call('POST', '/datastores/lake/default')).json()).toMatchObject({ isDefault: true });
    expect((await call('GET', '/datastores/workspaceblobstore')).json().isDefault).toBe(false);
  });
});
