import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { mayHoldPoisonKey } from './json-body.js';
import { seedRun } from './test-support/seed.js';

// The metric batch route parses JSON with a screen in front of Fastify's parser (json-body.ts):
// whatever the body, it must answer exactly as a route behind Fastify's own parser does.
let server: TestServer;
let run: string;

beforeAll(async () => {
  server = await startTestServer({ listen: false });
  run = await seedRun(server.metadata.db, { id: `run-${randomUUID()}` });
});
afterAll(() => server.close());

async function post(url: string, payload: string) {
  const headers = { authorization: `Bearer ${server.ownerToken}`, 'content-type': 'application/json' };
  const res = await server.app.inject({ method: 'POST', url: `/api/v1/workspaces/default${url}`, headers, payload });
  return { status: res.statusCode, body: res.body };
}

const series = (name: string) => `{"name":${JSON.stringify(name)},"steps":[0],"values":[1]}`;

describe('the screen', () => {
  it('passes bodies without the names or any \\u escape, and only those', () => {
    expect(mayHoldPoisonKey(`{"batchKey":"k","series":[${series('loss')}]}`)).toBe(false);
    expect(mayHoldPoisonKey('{"__proto__":{"a":1}}')).toBe(true);
    expect(mayHoldPoisonKey('{"constructor":{"prototype":{}}}')).toBe(true);
    expect(mayHoldPoisonKey('{"\\u005f_proto__":{}}')).toBe(true);
    expect(mayHoldPoisonKey('{"name":"caf\\u00e9"}')).toBe(true);
  });
});

describe('the metric batch route', () => {
  const poisoned = [
    '{"batchKey":"p1","series":[],"__proto__":{"isAdmin":true}}',
    '{"batchKey":"p2","series":[],"\\u005f\\u005fproto\\u005f\\u005f":{"isAdmin":true}}',
    '{"batchKey":"p3","series":[],"constructor":{"prototype":{"isAdmin":true}}}',
    '{"batchKey":"p4","series":[],"c\\u006fnstructor":{"prototype":{"isAdmin":true}}}',
    '{"batchKey": "p5", "series": [',
    '\uFEFF{"batchKey":"p6","series":[],"__proto__":{}}',
  ];

  it.each(poisoned)('answers %s as Fastify\'s parser does (a 400)', async (payload) => {
    const screened = await post(`/runs/${run}/metrics`, payload);
    const strict = await post('/metrics/latest', payload);
    expect(screened.status).toBe(400);
    expect(screened).toEqual(strict);
  });

  it('takes the names as values, escaped text and a byte-order mark', async () => {
    const bodies = [
      `{"batchKey":"v0","series":[${series('constructor')}]}`,
      `{"batchKey":"v1","series":[${series('__proto__')}]}`,
      `{"batchKey":"v2","series":[${series('caf').replace('caf', 'caf\\u00e9')}]}`,
      `\uFEFF{"batchKey":"v3","series":[${series('loss')}]}`,
    ];
    for (const payload of bodies) {
      expect(await post(`/runs/${run}/metrics`, payload)).toEqual({ status: 200, body: '{"accepted":1,"duplicate":false}' });
    }
    const listed = await server.app.inject({ method: 'GET', url: `/api/v1/workspaces/default/runs/${run}/metrics`, headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect((listed.json() as { items: { name: string }[] }).items.map((m) => m.name).sort()).toEqual(['__proto__', 'caf\u00e9', 'constructor', 'loss']);
  });
});
