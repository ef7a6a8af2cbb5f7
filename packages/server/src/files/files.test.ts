import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { insertRun } from './test-support/run-rows.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under a directory, recursively, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('run files over HTTP', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  const base = (runId: string) => `/api/v1/workspaces/default/runs/${runId}`;
  const upload = (runId: string, path: string, payload: Buffer | string, headers: Record<string, string> = auth) =>
    server.app.inject({ method: 'PUT', url: `${base(runId)}/files/${path}`, headers: { 'content-type': 'application/octet-stream', ...headers }, payload });
  const download = (runId: string, path: string, headers: Record<string, string> = {}) =>
    server.app.inject({ url: `${base(runId)}/files/${path}`, headers: { ...auth, ...headers } });

  beforeAll(async () => {
    server = await startTestServer({ listen: false });
    auth = { authorization: `Bearer ${server.ownerToken}` };
    for (const run of ['run-a', 'run-b', 'run-c', 'run-d', 'run-e']) await insertRun(server.metadata.db, 'default', run);
  });
  afterAll(async () => server.close());

  it('uploads and downloads binary content byte for byte, with safe download headers', async () => {
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(1_000_000)]);
    const created = await upload('run-a', 'outputs/model.onnx', bytes);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ path: 'outputs/model.onnx', size: bytes.length, sha256: sha(bytes), contentType: 'application/octet-stream' });
    const got = await download('run-a', 'outputs/model.onnx');
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(bytes)).toBe(true);
    expect(got.headers).toMatchObject({
      'content-type': 'application/octet-stream', 'content-length': String(bytes.length), 'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="model.onnx"; filename*=UTF-8''model.onnx`, etag: `"${sha(bytes)}"`,
    });
  });

  it('keeps a .json file exactly as sent, even when the client labels it application/json', async () => {
    const text = '{"b":   1,\n "a": [ ]}';
    const res = await upload('run-a', 'metrics.json', text, { ...auth, 'content-type': 'application/json' });
    expect(res.statusCode).toBe(201);
    expect(res.json().contentType).toBe('application/json');
    expect((await download('run-a', 'metrics.json')).body).toBe(text);
  });

  it('guesses the content type from the extension and names non-ASCII files safely', async () => {
    await upload('run-a', 'plots/Überblick "final".PNG', Buffer.from('png bytes'));
    const res = await download('run-a', encodeURIComponent('plots/Überblick "final".PNG'));
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="_berblick _final_.PNG"; filename*=UTF-8''%C3%9Cberblick%20%22final%22.PNG`);
  });

  it('stores bytes uploaded by two runs once in the blob directory', async () => {
    const bytes = randomBytes(300_000);
    expect((await upload('run-b', 'outputs/shared.bin', bytes)).statusCode).toBe(201);
    expect((await upload('run-c', 'elsewhere/copy.bin', bytes)).statusCode).toBe(201);
    const hash = sha(bytes);
    const blobs = await filesUnder(join(server.dataDir, 'blobs'));
    expect(blobs.filter((f) => f.endsWith(hash))).toEqual([join('sha256', hash.slice(0, 2), hash.slice(2, 4), hash)]);
    expect(blobs.filter((f) => !f.startsWith('sha256'))).toEqual([]);
    expect((await download('run-c', 'elsewhere/copy.bin')).rawPayload.equals(bytes)).toBe(true);
  });

  it('treats paths as write-once: same content is fine, other content needs overwrite=true', async () => {
    expect((await upload('run-d', 'outputs/a.txt', 'first')).statusCode).toBe(201);
    const again = await upload('run-d', 'outputs/a.txt', 'first');
    expect(again.statusCode).toBe(200);
    expect(again.json().sha256).toBe(sha(Buffer.from('first')));
    const conflict = await upload('run-d', 'outputs/a.txt', 'second');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('FILE_EXISTS');
    expect(conflict.json().error.message).toContain('overwrite=true');
    expect((await download('run-d', 'outputs/a.txt')).body).toBe('first');
    const replaced = await server.app.inject({ method: 'PUT', url: `${base('run-d')}/files/outputs/a.txt?overwrite=true`, headers: auth, payload: 'second' });
    expect(replaced.statusCode).toBe(200);
    expect((await download('run-d', 'outputs/a.txt')).body).toBe('second');
  });

  it.each([
    ['absolute', '%2Fetc%2Fpasswd', 'must be relative'],
    ['drive letter', 'C:%2Fwindows', 'must be relative'],
    ['backslash', 'a%5Cb.txt', 'backslashes'],
    ['NUL', 'a%00b', 'NUL'],
    ['empty segment', 'a//b', 'empty or . segments'],
    ['trailing slash', 'a/', 'empty or . segments'],
    ['5,001 characters', 'x'.repeat(5001), '5000'],
  ])('refuses a path with %s with INVALID_INPUT naming the rule', async (_label, path, rule) => {
    const res = await upload('run-e', path, 'x');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_INPUT');
    expect(res.json().error.message).toContain(rule);
  });

  it('accepts a path of exactly 5,000 characters', async () => {
    expect((await upload('run-e', `${'y'.repeat(4996)}.txt`, 'long')).statusCode).toBe(201);
  });

  it('lists files in path order, optionally under a plain string prefix', async () => {
    for (const path of ['outputs2/z', 'outputs/b.txt', 'logs/x.log', 'outputs/a/deep.txt', 'Outputs/upper']) await upload('run-e', path, path);
    const list = async (query = '') => (await server.app.inject({ url: `${base('run-e')}/files${query}`, headers: auth })).json().items.map((f: { path: string }) => f.path);
    expect((await list()).filter((p: string) => !p.startsWith('y'))).toEqual(['Outputs/upper', 'logs/x.log', 'outputs/a/deep.txt', 'outputs/b.txt', 'outputs2/z']);
    expect(await list('?prefix=outputs/')).toEqual(['outputs/a/deep.txt', 'outputs/b.txt']);
    expect(await list('?prefix=outputs')).toEqual(['outputs/a/deep.txt', 'outputs/b.txt', 'outputs2/z']);
    expect(await list('?prefix=nothing')).toEqual([]);
  });

  it('answers FILE_NOT_FOUND naming the path and suggesting a listing', async () => {
    const res = await download('run-a', 'outputs/missing.txt');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('FILE_NOT_FOUND');
    expect(res.json().error.message).toContain('outputs/missing.txt');
    expect(res.json().error.message).toContain('list its files');
  });

  it('answers RUN_NOT_FOUND for a run that does not exist or lives in another workspace', async () => {
    await server.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: auth, payload: { name: 'other-team' } });
    await insertRun(server.metadata.db, 'other-team', 'foreign-run');
    for (const runId of ['no-such-run', 'foreign-run']) {
      expect((await upload(runId, 'a.txt', 'x')).json().error.code).toBe('RUN_NOT_FOUND');
      expect((await download(runId, 'a.txt')).json().error.code).toBe('RUN_NOT_FOUND');
      expect((await server.app.inject({ url: `${base(runId)}/files`, headers: auth })).json().error.code).toBe('RUN_NOT_FOUND');
      expect((await server.app.inject({ url: `${base(runId)}/archive`, headers: auth })).json().error.code).toBe('RUN_NOT_FOUND');
    }
  });

  it('lets a Reader list and download but not upload', async () => {
    const reader = { authorization: `Bearer ${await server.tokenFor('Reader')}` };
    const res = await upload('run-a', 'reader.txt', 'nope', reader);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect((await server.app.inject({ url: `${base('run-a')}/files`, headers: reader })).statusCode).toBe(200);
    expect((await server.app.inject({ url: `${base('run-a')}/files/metrics.json`, headers: reader })).statusCode).toBe(200);
    expect((await download('run-a', 'reader.txt')).statusCode).toBe(404);
  });

  it('keeps a run token to its own run', async () => {
    const token = await server.tokenFor('Contributor');
    const id = /^cairn_([^_]+)_/.exec(token)![1]!;
    await server.metadata.db.updateTable('tokens').set({ run_id: 'run-a' }).where('id', '=', id).execute();
    const own = await upload('run-a', 'from-run-token.txt', 'ok', { authorization: `Bearer ${token}` });
    expect(own.statusCode).toBe(201);
    const other = await upload('run-b', 'from-run-token.txt', 'no', { authorization: `Bearer ${token}` });
    expect(other.statusCode).toBe(403);
  });

  it('serves one byte range, and HEAD answers the size without a body', async () => {
    await upload('run-a', 'digits.txt', '0123456789');
    const part = await download('run-a', 'digits.txt', { range: 'bytes=2-5' });
    expect(part.statusCode).toBe(206);
    expect(part.body).toBe('2345');
    expect(part.headers).toMatchObject({ 'content-range': 'bytes 2-5/10', 'content-length': '4' });
    expect((await download('run-a', 'digits.txt', { range: 'bytes=-3' })).body).toBe('789');
    const stale = await download('run-a', 'digits.txt', { range: 'bytes=2-5', 'if-range': '"not-the-etag"' });
    expect([stale.statusCode, stale.body]).toEqual([200, '0123456789']);
    const head = await server.app.inject({ method: 'HEAD', url: `${base('run-a')}/files/digits.txt`, headers: auth });
    expect([head.statusCode, head.headers['content-length'], head.body]).toEqual([200, '10', '']);
  });
});
