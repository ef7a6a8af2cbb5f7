import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from './http-fetch.js';

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += (chunk as Buffer).toString();
  return text;
}

describe('httpFetch', () => {
  let server: Server;
  let url: string;
  const sockets = new Set<unknown>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      sockets.add(req.socket);
      if (req.url === '/empty') return void res.writeHead(204).end();
      if (req.url === '/refuse') return void res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":"too large"}');
      void bodyOf(req).then((body) => {
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'x-seen': req.headers['x-test'] ?? '' });
        res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] ?? null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends methods, headers and string bodies, and reads status, headers and JSON answers', async () => {
    const res = await httpFetch(`${url}/echo`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain', 'x-test': 'yes' } });
    expect([res.ok, res.status, res.headers.get('X-Seen')]).toEqual([true, 200, 'yes']);
    expect(await res.json()).toEqual({ method: 'POST', body: 'hello', type: 'text/plain' });
    const missing = await httpFetch(`${url}/missing`);
    expect([missing.ok, missing.status]).toEqual([false, 404]);
    expect(JSON.parse(await missing.text())).toMatchObject({ method: 'GET', body: '' });
  });

  it('streams bodies from async iterables and Node streams, and answers bodies as web streams', async () => {
    async function* parts() {
      yield Buffer.from('a');
      yield Buffer.from('b');
    }
    const fromGenerator = await httpFetch(`${url}/echo`, { method: 'PUT', body: parts() as never });
    expect(((await fromGenerator.json()) as { body: string }).body).toBe('ab');
    const fromStream = await httpFetch(`${url}/echo`, { method: 'PUT', body: Readable.from(['x', 'y']) as never });
    const chunks: string[] = [];
    for await (const chunk of Readable.fromWeb(fromStream.body as never)) chunks.push((chunk as Buffer).toString());
    expect(JSON.parse(chunks.join('')).body).toBe('xy');
  });

  it('reuses kept-alive connections, gives an empty answer no body, and keeps an early refusal readable', async () => {
    const before = sockets.size;
    for (let i = 0; i < 3; i++) await (await httpFetch(`${url}/echo`)).arrayBuffer();
    expect(sockets.size - before).toBeLessThanOrEqual(1);
    const empty = await httpFetch(`${url}/empty`, { method: 'DELETE' });
    expect([empty.status, empty.body, await empty.text()]).toEqual([204, null, '']);
    async function* endless() {
      for (;;) yield Buffer.alloc(64 * 1024);
    }
    const refused = await httpFetch(`${url}/refuse`, { method: 'PUT', body: endless() as never });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({ error: 'too large' });
  });

  it('fails with the socket error when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(httpFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
