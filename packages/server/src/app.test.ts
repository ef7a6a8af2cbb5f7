import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-support/test-server.js';

describe('server basics', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ listen: false }); });
  afterAll(async () => { await server.close(); });

  it('answers health without a token and nothing else', async () => {
    expect((await server.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const res = await server.app.inject({ url: '/api/v1/workspaces' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('serves the OpenAPI document to a token holder', async () => {
    const res = await server.app.inject({ url: '/api/v1/openapi.json', headers: { authorization: `Bearer ${server.ownerToken}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
    expect(res.json().paths['/api/v1/workspaces/{workspace}/runs']).toBeDefined();
  });

  it('has a default workspace and creates others', async () => {
    const auth = { authorization: `Bearer ${server.ownerToken}` };
    const created = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: auth, payload: { name: 'team-a' } });
    expect(created.statusCode).toBe(201);
    const again = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: auth, payload: { name: 'team-a' } });
    expect(again.json().error.code).toBe('WORKSPACE_EXISTS');
    const bad = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: auth, payload: { name: '-x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_NAME' });
    expect(bad.json().error.message).toContain('letters, digits');
    const list = await server.app.inject({ url: '/api/v1/workspaces', headers: auth });
    expect(list.json().items.map((w: { name: string }) => w.name)).toEqual(['default', 'team-a']);
  });

  it('answers unknown routes with ROUTE_NOT_FOUND and bad JSON with INVALID_JSON', async () => {
    const auth = { authorization: `Bearer ${server.ownerToken}`, 'content-type': 'application/json' };
    expect((await server.app.inject({ url: '/api/v1/nope', headers: auth })).json().error.code).toBe('ROUTE_NOT_FOUND');
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: auth, payload: '{nope' });
    expect(res.json().error.code).toBe('INVALID_JSON');
  });
});
