import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { OnnxScorer } from '@cairn/serving';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearOnnxModel } from '../../../serving/src/test-support/onnx-model.js';
import { keyCheck } from './endpoint-keys.js';
import { registerScoringRoutes, scoringUrl } from './scoring-routes.js';

let app: FastifyInstance;
let onnx: OnnxScorer;
let url: string;
/** Requests Fastify routed (its hooks ran for them). */
let routedByFastify = 0;
const keys = ['primary-key', 'secondary-key'];
const auth = { authorization: 'Bearer secondary-key', 'content-type': 'application/json' };

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cairn-scoring-')), 'model.onnx');
  writeFileSync(file, linearOnnxModel());
  onnx = new OnnxScorer(file);
  await onnx.start();
  app = Fastify();
  registerScoringRoutes(app, {
    find: (ws, name) => (ws === 'default' && name === 'linear' ? {
      authorize: keyCheck(keys), score: (b) => onnx.score(b), swagger: () => ({ swagger: '2.0', info: { title: 'linear' } }), healthy: () => true,
    } : undefined),
  }, 1000);
  app.addHook('onRequest', async () => {
    routedByFastify += 1;
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await onnx.stopAll();
});

describe('scoring routes', () => {
  it('scores with an endpoint key and echoes the request id', async () => {
    const res = await app.inject({ method: 'POST', url: '/endpoints/default/linear/score', headers: { ...auth, 'x-request-id': 'req-1' }, payload: '{"data": [[1, 1]]}' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([[6]]);
    expect(res.headers['x-request-id']).toBe('req-1');
    expect(res.headers['x-ms-request-id']).toBe('req-1');
    expect(res.headers['x-ms-run-fn-exec-ms']).toMatch(/^\d+\.\d{3}$/);
  });

  it('answers 401 without a key, with a wrong key, and with a workspace-style token', async () => {
    for (const authorization of [undefined, 'Bearer nope', 'primary-key']) {
      const headers = authorization ? { authorization } : {};
      const res = await app.inject({ method: 'POST', url: '/endpoints/default/linear/score', headers, payload: '{"data": [[1, 1]]}' });
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(/Unauthorized/);
    }
  });

  it('answers 404 for an unknown endpoint, 413 over the body limit, 400 for a body that is not UTF-8', async () => {
    expect((await app.inject({ method: 'POST', url: '/endpoints/default/nope/score', headers: auth, payload: '{}' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/endpoints/default/linear/score', headers: auth, payload: 'x'.repeat(2000) })).statusCode).toBe(413);
    const bad = await app.inject({ method: 'POST', url: '/endpoints/default/linear/score', headers: auth, payload: Buffer.from([0xff, 0xfe]) });
    expect(bad.statusCode).toBe(400);
  });

  it('serves liveness, readiness and the swagger document (version 2 only, as v1 answers for a version it lacks)', async () => {
    expect((await app.inject({ method: 'GET', url: '/endpoints/default/linear/' })).body).toBe('Healthy');
    expect((await app.inject({ method: 'GET', url: '/endpoints/default/linear/readiness' })).body).toBe('Healthy');
    expect((await app.inject({ method: 'GET', url: '/endpoints/default/linear/liveness' })).body).toBe('Alive');
    expect((await app.inject({ method: 'GET', url: '/endpoints/default/nope/liveness' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/endpoints/default/linear/swagger.json' })).json().swagger).toBe('2.0');
    expect((await app.inject({ method: 'GET', url: '/endpoints/default/linear/swagger.json?version=2' })).statusCode).toBe(200);
    const v3 = await app.inject({ method: 'GET', url: '/endpoints/default/linear/swagger.json?version=3' });
    expect([v3.statusCode, v3.json().message]).toEqual([404, expect.stringContaining('version 2')]);
  });

  it('answers /score over HTTP before Fastify routes it, with the same answers, nosniff, and v1\'s 405', async () => {
    const before = routedByFastify;
    const res = await fetch(`${url}/endpoints/default/linear/score`, { method: 'POST', headers: auth, body: '{"data": [[1, 1]]}' });
    expect([res.status, await res.json(), res.headers.get('x-content-type-options')]).toEqual([200, [[6]], 'nosniff']);
    expect((await fetch(`${url}/endpoints/default/linear/score`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${url}/endpoints/default/nope/score`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(404);
    expect((await fetch(`${url}/endpoints/default/linear/score`, { method: 'POST', headers: auth, body: 'x'.repeat(2000) })).status).toBe(413);
    const put = await fetch(`${url}/endpoints/default/linear/score`, { method: 'PUT', headers: auth, body: '{}' });
    expect([put.status, await put.json()]).toEqual([405, { message: 'Method not allowed' }]);
    expect((await fetch(`${url}/endpoints/default/linear/score?data=[[1,1]]`, { headers: auth })).status).toBe(200);
    expect(routedByFastify).toBe(before);
    // Every other URL, the endpoint's swagger included, is Fastify's as before.
    expect((await fetch(`${url}/endpoints/default/linear/swagger.json`)).status).toBe(200);
    expect(routedByFastify).toBe(before + 1);
  });

  it('recognises exactly /endpoints/{workspace}/{name}/score, with its query and encoded names', () => {
    expect(scoringUrl('/endpoints/default/linear/score')).toEqual({ workspace: 'default', name: 'linear', search: '' });
    expect(scoringUrl('/endpoints/default/linear/score?a=1&b=/x')).toEqual({ workspace: 'default', name: 'linear', search: '?a=1&b=/x' });
    expect(scoringUrl('/endpoints/my%20ws/linear/score')).toEqual({ workspace: 'my ws', name: 'linear', search: '' });
    for (const url of ['/endpoints/default/linear/swagger.json', '/endpoints/default/linear/score/x', '/endpoints/default/score', '/endpoints//linear/score',
      '/endpoints/default//score', '/endpoints/a/b/c/score', '/api/v1/endpoints/default/linear/score', '/endpoints/default/linear/scores', '/endpoints/%zz/linear/score', '/endpoints/default/linear/']) {
      expect(scoringUrl(url), url).toBeNull();
    }
  });
});
