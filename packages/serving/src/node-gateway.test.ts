import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayHandler } from './node-gateway.js';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer(gatewayHandler({
    bodyLimit: 1000,
    authorize: (auth) => auth === 'Bearer primary-key',
    score: async (body) => body.toString().startsWith('bytes:') ? { status: 200, body: bytes(Number(body.toString().slice(6))), headers: { 'content-type': 'application/octet-stream' } } : { status: 200, body: Buffer.from(JSON.stringify({ got: body.toString() })), runMicros: 10 },
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const auth = { authorization: 'Bearer primary-key' };

/** `size` bytes cycling through every byte value. */
function bytes(size: number): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, i) => i % 256));
}

describe('node gateway handler', () => {
  it('scores with a good key and answers liveness', async () => {
    const res = await fetch(`${url}/score`, { method: 'POST', headers: auth, body: '{"data": 1}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: '{"data": 1}' });
    expect(res.headers.get('x-ms-run-fn-exec-ms')).toBe('0.010');
    expect(await (await fetch(`${url}/`)).text()).toBe('Healthy');
  });

  it('sends answer bytes unchanged, small (one write with the headers) and large', async () => {
    for (const size of [0, 1, 256, 16 * 1024, 16 * 1024 + 1, 100_000]) {
      const res = await fetch(`${url}/score`, { method: 'POST', headers: auth, body: `bytes:${size}` });
      expect(res.headers.get('content-length')).toBe(String(size));
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes(size)), `${size} bytes`).toBe(true);
    }
  });

  it('answers 401 for a missing or wrong key', async () => {
    expect((await fetch(`${url}/score`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${url}/score`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' })).status).toBe(401);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await fetch(`${url}/score`, { method: 'POST', headers: auth, body: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
  });

  it('serves the GET form with the query as a JSON object string', async () => {
    const res = await fetch(`${url}/score?a=1&a=2`, { headers: auth });
    expect(await res.json()).toEqual({ got: '{"a":[1,2]}' });
  });
});
