import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('blobs and snapshots over HTTP', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  const ws = '/api/v1/workspaces/default';
  const put = (hash: string, payload: Buffer | string, headers = auth) =>
    server.app.inject({ method: 'PUT', url: `${ws}/blobs/${hash}`, headers: { 'content-type': 'application/octet-stream', ...headers }, payload });
  const missing = (hashes: string[], headers = auth) => server.app.inject({ method: 'POST', url: `${ws}/blobs/missing`, headers, payload: { sha256: hashes } });
  const snapshot = (files: unknown[], headers = auth) => server.app.inject({ method: 'POST', url: `${ws}/snapshots`, headers, payload: { files } });
  const file = (path: string, content: string, mode = 0o644) => ({ path, sha256: sha(content), size: Buffer.byteLength(content), mode });

  beforeAll(async () => {
    server = await startTestServer({ listen: false });
    auth = { authorization: `Bearer ${server.ownerToken}` };
  });
  afterAll(async () => server.close());

  it('answers which blobs are missing, stores verified bytes once and serves them back', async () => {
    const bytes = randomBytes(300_000);
    const hash = sha(bytes);
    expect((await missing([hash, hash, sha('x')])).json()).toEqual({ missing: [hash, sha('x')] });
    const first = await put(hash, bytes);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ sha256: hash, size: bytes.length });
    expect((await put(hash, bytes)).statusCode).toBe(201);
    expect((await missing([hash, sha('x')])).json()).toEqual({ missing: [sha('x')] });
    const got = await server.app.inject({ url: `${ws}/blobs/${hash}`, headers: auth });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(bytes)).toBe(true);
  });

  it('refuses bytes that do not hash to the name they were sent under, and records nothing', async () => {
    const res = await put(sha('expected'), 'something else');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'HASH_MISMATCH', details: { expected: sha('expected'), actual: sha('something else') } });
    expect((await missing([sha('expected'), sha('something else')])).json().missing).toEqual([sha('expected'), sha('something else')]);
  });

  it('records a snapshot with an id that depends on the files only, not on their order', async () => {
    for (const content of ['print(1)\n', 'def f(): pass\n']) await put(sha(content), content);
    const files = [file('train.py', 'print(1)\n', 0o755), file('lib/util.py', 'def f(): pass\n'), file('copy.py', 'print(1)\n')];
    const created = await snapshot(files);
    expect(created.statusCode).toBe(201);
    const summary = created.json();
    expect(summary).toMatchObject({ fileCount: 3, size: 9 + 9 + 14 });
    const again = await snapshot([...files].reverse());
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(summary);
    const manifest = (await server.app.inject({ url: `${ws}/snapshots/${summary.id}`, headers: auth })).json();
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(['copy.py', 'lib/util.py', 'train.py']);
    expect(manifest.files[2]).toEqual(files[0]);
  });

  it('refuses a snapshot naming blobs the workspace lacks, listing them', async () => {
    const res = await snapshot([file('a.py', 'never uploaded a'), file('b.py', 'never uploaded b'), file('c.py', 'print(1)\n')]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SNAPSHOT_INCOMPLETE');
    expect(res.json().error.details.missing).toEqual([sha('never uploaded a'), sha('never uploaded b')]);
  });

  it.each([
    ['../escape.py', 'must not contain .. segments'],
    ['/abs.py', 'must be relative'],
    ['a//b.py', 'empty or . segments'],
    ['win\\path.py', 'backslashes'],
  ])('refuses the path %s', async (path, rule) => {
    const res = await snapshot([file(path, 'print(1)\n')]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain(rule);
  });

  it('refuses a path listed twice, a path that is also a folder, and a size that differs from the content', async () => {
    expect((await snapshot([file('x.py', 'print(1)\n'), file('x.py', 'print(1)\n')])).json().error.message).toContain('twice');
    expect((await snapshot([file('lib', 'print(1)\n'), file('lib/util.py', 'def f(): pass\n')])).json().error.message).toContain('as a file and as the folder');
    expect((await snapshot([{ ...file('x.py', 'print(1)\n'), size: 3 }])).json().error.message).toContain('size 3 differs');
  });

  it('answers SNAPSHOT_NOT_FOUND and BLOB_NOT_FOUND for unknown ids', async () => {
    expect((await server.app.inject({ url: `${ws}/snapshots/${sha('nope')}`, headers: auth })).json().error.code).toBe('SNAPSHOT_NOT_FOUND');
    expect((await server.app.inject({ url: `${ws}/blobs/${sha('nope')}`, headers: auth })).json().error.code).toBe('BLOB_NOT_FOUND');
  });

  it('keeps content per workspace: another workspace neither sees nor uses it until it uploads it', async () => {
    await server.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: auth, payload: { name: 'other' } });
    const other = '/api/v1/workspaces/other';
    const hash = sha('print(1)\n');
    expect((await server.app.inject({ method: 'POST', url: `${other}/blobs/missing`, headers: auth, payload: { sha256: [hash] } })).json().missing).toEqual([hash]);
    expect((await server.app.inject({ url: `${other}/blobs/${hash}`, headers: auth })).statusCode).toBe(404);
    const res = await server.app.inject({ method: 'POST', url: `${other}/snapshots`, headers: auth, payload: { files: [file('t.py', 'print(1)\n')] } });
    expect(res.json().error.code).toBe('SNAPSHOT_INCOMPLETE');
  });

  it('lets a Reader read but not upload or record, and refuses tokens of another workspace', async () => {
    const reader = { authorization: `Bearer ${await server.tokenFor('Reader')}` };
    expect((await put(sha('r'), 'r', reader)).statusCode).toBe(403);
    expect((await snapshot([file('train.py', 'print(1)\n')], reader)).statusCode).toBe(403);
    expect((await server.app.inject({ url: `${ws}/blobs/${sha('print(1)\n')}`, headers: reader })).statusCode).toBe(200);
    const outsider = { authorization: `Bearer ${await server.tokenFor('Owner', 'other')}` };
    expect((await missing([sha('r')], outsider)).statusCode).toBe(403);
    expect((await missing([sha('r')], {})).statusCode).toBe(401);
  });
});
