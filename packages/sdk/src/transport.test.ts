import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { api, CairnError } from '@cairn/api';
import { describe, expect, it } from 'vitest';
import { CairnClient } from './cairn-client.js';
import { CairnClientError } from './errors.js';
import { recordingFetch } from './test-support/recording-fetch.js';

const errorBody = (code: string, message: string, status: number, details?: unknown) =>
  Response.json({ error: { code, message, details } }, { status });

describe('Transport.call', () => {
  it('sends the bearer token and a JSON body, and returns the JSON answer', async () => {
    const { fetch, requests } = recordingFetch(() => Response.json({ tags: { a: '1' } }));
    const client = new CairnClient({ url: 'http://h', token: 'tok', fetch });
    const out = await client.call(api.runs.setTags, { params: { workspace: 'w', runId: 'r' }, body: { set: { a: '1' } } });
    expect(out).toEqual({ tags: { a: '1' } });
    expect(requests[0]).toMatchObject({ method: 'PATCH', url: 'http://h/api/v1/workspaces/w/runs/r/tags' });
    expect(requests[0]!.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    expect(JSON.parse(requests[0]!.body!.toString())).toEqual({ set: { a: '1' } });
  });

  it('raises the server error again with its code, message, details and status', async () => {
    const { fetch } = recordingFetch(() => errorBody('RUN_NOT_FOUND', 'no run x', 404, { runId: 'x' }));
    const client = new CairnClient({ url: 'http://h', token: 't', fetch });
    const error = await client.workspace('w').runs.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'RUN_NOT_FOUND', message: 'no run x', details: { runId: 'x' }, status: 404 });
  });

  it('reports an answer that is not a Cairn error as UNEXPECTED_RESPONSE with its status', async () => {
    const { fetch } = recordingFetch(() => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = await new CairnClient({ url: 'http://h', token: 't', fetch }).whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CairnClientError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 502 });
    expect((error as Error).message).toContain('Bad Gateway');
  });

  it('reports an unreachable server as CONNECTION_FAILED naming the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const error = await new CairnClient({ url, token: 't' }).whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CairnClientError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', url });
    expect((error as Error).message).toContain(`cannot reach the Cairn server at ${url}: ECONNREFUSED`);
  });

  it('types the input and output from the route schemas', async () => {
    const client = new CairnClient({ url: 'http://h', token: 't', fetch: recordingFetch(() => Response.json({ name: 'w' })).fetch });
    // @ts-expect-error runs.get needs a runId (checked by tsc; at run time the URL cannot be built)
    await expect(client.call(api.runs.get, { params: { workspace: 'w' } })).rejects.toThrow('runId');
    const workspace = await client.call(api.workspaces.get, { params: { workspace: 'w' } });
    const name: string = workspace.name;
    // @ts-expect-error the output is typed: a workspace has no status
    expect(workspace.status).toBeUndefined();
    expect(name).toBe('w');
  });

  it('refuses routes whose kinds need another method', async () => {
    const client = new CairnClient({ url: 'http://h', token: 't', fetch: recordingFetch().fetch });
    await expect(client.call(api.files.archive, { params: { workspace: 'w', runId: 'r' } })).rejects.toThrow(/download\(\)|cannot be used with call/);
  });
});

describe('streams', () => {
  it('uploads a buffer with its length and reports progress up to the total', async () => {
    const { fetch, requests } = recordingFetch(() => Response.json({ path: 'a' }, { status: 201 }));
    const progress: Array<[number, number | undefined]> = [];
    const body = Buffer.alloc(600 * 1024, 7);
    await new CairnClient({ url: 'http://h', token: 't', fetch }).workspace('w').files.upload('r', 'out/a.bin', body, {
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(requests[0]!.body!.equals(body)).toBe(true);
    expect(requests[0]!.headers['content-length']).toBe(String(body.length));
    expect(progress[0]).toEqual([0, body.length]);
    expect(progress.at(-1)).toEqual([body.length, body.length]);
    expect(progress.length).toBeGreaterThan(2);
  });

  it('reports a failing upload source as itself, not as a connection failure', async () => {
    const source = new Readable({ read() { this.destroy(new Error('disk on fire')); } });
    const { fetch } = recordingFetch();
    const upload = new CairnClient({ url: 'http://h', token: 't', fetch }).workspace('w').files.upload('r', 'a', source);
    await expect(upload).rejects.toThrow('disk on fire');
  });

  it('downloads with the content length the server sent', async () => {
    const { fetch } = recordingFetch(() => new Response('hello', { headers: { 'content-length': '5', 'content-type': 'text/plain' } }));
    const stream = await new CairnClient({ url: 'http://h', token: 't', fetch }).workspace('w').files.download('r', 'a.txt');
    expect(stream.contentLength).toBe(5);
    expect(Buffer.concat(await stream.toArray()).toString()).toBe('hello');
  });

  it('reads ndjson values split across chunks, and raises an in-band error line', async () => {
    const lines = ['{"step":[1],', '"timestamp":[2]}\n{"step":[3],"timestamp":[4]}\n', '{"error":{"code":"INTERNAL","message":"boom"}}\n'];
    const { fetch } = recordingFetch(() => new Response(Readable.toWeb(Readable.from(lines.map((l) => Buffer.from(l)))) as ReadableStream));
    const seen: unknown[] = [];
    const read = async () => {
      for await (const block of new CairnClient({ url: 'http://h', token: 't', fetch }).workspace('w').metrics.points('r', 'loss')) seen.push(block);
    };
    await expect(read()).rejects.toMatchObject({ code: 'INTERNAL', message: 'boom' });
    expect(seen).toEqual([{ step: [1], timestamp: [2] }, { step: [3], timestamp: [4] }]);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
