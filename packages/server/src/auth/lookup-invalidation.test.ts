import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// Tokens and workspaces are looked up through a short-lived cache (ADR 12); in the process that
// makes a change, the change must count from the next request on, never after the TTL.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ listen: false });
});
afterAll(() => server.close());

const call = async (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
  const res = await server.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body === '' ? undefined : JSON.parse(res.body) };
};

describe('cached lookups', () => {
  it('refuse a revoked token on the very next request', async () => {
    const token = await server.tokenFor('Contributor');
    expect((await call(token, 'GET', '/whoami')).status).toBe(200);
    expect((await call(token, 'GET', '/workspaces/default/experiments')).status).toBe(200);
    const id = /^cairn_([a-f0-9]{16})_/.exec(token)![1]!;
    expect((await call(server.ownerToken, 'DELETE', `/tokens/${id}`)).status).toBe(204);
    const refused = await call(token, 'GET', '/workspaces/default/experiments');
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('revoked');
  });

  it('apply a role change on the very next request', async () => {
    const reader = await call(server.ownerToken, 'POST', '/tokens', { user: 'changing', name: 'first', role: 'Reader', workspace: 'default' });
    expect((await call(reader.body.token, 'POST', '/workspaces', { name: 'by-reader' })).status).toBe(403);
    await call(server.ownerToken, 'POST', '/tokens', { user: 'changing', name: 'second', role: 'Owner', workspace: null });
    expect((await call(reader.body.token, 'POST', '/workspaces', { name: 'by-reader' })).status).toBe(201);
  });

  it('forget a deleted workspace and the roles it held on the very next request', async () => {
    await call(server.ownerToken, 'POST', '/workspaces', { name: 'short-lived' });
    const token = await server.tokenFor('Contributor', 'short-lived');
    expect((await call(token, 'GET', '/workspaces/short-lived/experiments')).status).toBe(200);
    expect((await call(server.ownerToken, 'DELETE', '/workspaces/short-lived')).status).toBe(204);
    expect((await call(server.ownerToken, 'GET', '/workspaces/short-lived/experiments')).body.error.code).toBe('WORKSPACE_NOT_FOUND');
    // A workspace made again may reuse the deleted one's id; the old role must not reach it.
    await call(server.ownerToken, 'POST', '/workspaces', { name: 'short-lived' });
    expect((await call(token, 'GET', '/workspaces/short-lived/experiments')).status).toBe(403);
  });
});
