/** Studio sessions over HTTP: cookie flags, cookie auth, the CSRF header, one-time links and their expiry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { LINK_TTL_MS, SessionService } from './session-service.js';
import { SqlSessionStore } from './sql-session-store.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('studio sessions', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ listen: false }); });
  afterAll(async () => { await server?.close(); });

  async function signIn(token = server.ownerToken): Promise<string> {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: bearer(token) });
    expect(res.statusCode).toBe(201);
    return /^cairn_session=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
  }
  const withCookie = (id: string, extra: Record<string, string> = {}) => ({ cookie: `cairn_session=${id}`, ...extra });

  it('sets an HttpOnly, SameSite=Strict, Path=/ cookie that never holds the token', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: bearer(server.ownerToken) });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^cairn_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie.split('; ')).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']));
    // The secret is everything after `cairn_<16 hex>_`; it may itself hold '_', so slice, don't split.
    expect(cookie).not.toContain(server.ownerToken.slice('cairn_'.length + 17));
    expect(res.json()).toMatchObject({ user: 'owner' });
  });

  it('authenticates reads by cookie alone, and refuses an unknown cookie', async () => {
    const id = await signIn();
    const ok = await server.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: withCookie(id) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toBe('owner');
    const bad = await server.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: withCookie('x'.repeat(43)) });
    expect(bad.statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without the X-Cairn-Studio header, and accepts it with', async () => {
    const id = await signIn();
    const body = { experiment: 'csrf' };
    const refused = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces/default/runs', headers: withCookie(id), payload: body });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CSRF_REJECTED');
    const accepted = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces/default/runs', headers: withCookie(id, { 'x-cairn-studio': '1' }), payload: body });
    expect(accepted.statusCode).toBe(201);
  });

  it('ends the session on sign-out and clears the cookie', async () => {
    const id = await signIn();
    const out = await server.app.inject({ method: 'DELETE', url: '/api/v1/sessions', headers: withCookie(id, { 'x-cairn-studio': '1' }) });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^cairn_session=; .*Max-Age=0/);
    const after = await server.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: withCookie(id) });
    expect(after.statusCode).toBe(401);
  });

  it('ends sessions whose token is revoked', async () => {
    const created = await server.tokens.create({ user: 'leaver', name: 't', role: 'Reader', workspace: null });
    const id = await signIn(created.token);
    await server.tokens.revoke(created.id);
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: withCookie(id) });
    expect(res.statusCode).toBe(401);
  });

  it('exchanges a one-time link for a session once, then refuses it', async () => {
    const link = (await server.app.inject({ method: 'POST', url: '/api/v1/sessions/links', headers: bearer(server.ownerToken) })).json();
    expect(link.path).toBe(`/studio/login?code=${link.code}`);
    const first = await server.app.inject({ method: 'GET', url: link.path });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/');
    const id = /^cairn_session=([^;]+)/.exec(String(first.headers['set-cookie']))![1]!;
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: withCookie(id) })).statusCode).toBe(200);
    const second = await server.app.inject({ method: 'GET', url: link.path });
    expect(second.headers.location).toBe('/signin?link=invalid');
    expect(String(second.headers['set-cookie'])).toMatch(/^cairn_session=;/);
  });
});

describe('one-time link expiry', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ listen: false }); });
  afterAll(async () => { await server?.close(); });

  it('refuses a link used after two minutes, and accepts one used just before', async () => {
    let clock = Date.now();
    const sessions = new SessionService(new SqlSessionStore(server.metadata.db), server.tokens, () => clock);
    const principal = await server.tokens.authenticate(`Bearer ${server.ownerToken}`);
    const late = await sessions.createLink(principal);
    const early = await sessions.createLink(principal);
    expect(late.expiresAt).toBe(clock + LINK_TTL_MS);
    clock += LINK_TTL_MS - 1;
    expect(await sessions.redeemLink(early.code)).not.toBeNull();
    clock += 1;
    expect(await sessions.redeemLink(late.code)).toBeNull();
  });
});
