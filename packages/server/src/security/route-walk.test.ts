/**
 * Walks every route of the contract: each one must be implemented, refuse callers without a valid
 * token, and refuse exactly the roles whose actions do not include the route's action.
 */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, roleAllows, roles, type RouteDef, type Role } from '@cairn/api';
import { loadConfig } from '../config/config.js';
import { implementedRoutes } from '../http/implement.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { routeRequest } from './test-support/route-requests.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const describeResponse = (res: LightMyRequestResponse) => `${res.statusCode} ${res.body.slice(0, 300)}`;

describe('route walk', () => {
  let server: TestServer;
  let implemented: ReadonlySet<string>;
  const badTokens: Record<string, Record<string, string>> = {};
  const roleTokens = {} as Record<Role, string>;

  async function expiredToken(): Promise<string> {
    const created = await server.tokens.create({ user: 'expired', name: 'old', role: 'Owner', workspace: null, expiresInDays: 1 });
    await server.metadata.db.updateTable('tokens').set({ expires_at: Date.now() - 1000 }).where('id', '=', created.id).execute();
    return created.token;
  }

  beforeAll(async () => {
    server = await startTestServer({ listen: false });
    implemented = implementedRoutes(server.app);
    const revoked = await server.tokens.create({ user: 'revoked', name: 'old', role: 'Owner', workspace: null });
    await server.tokens.revoke(revoked.id);
    Object.assign(badTokens, {
      'no token': {},
      'a malformed token': bearer('not-a-cairn-token'),
      'a truncated token': bearer(server.ownerToken.slice(0, -5)),
      'a well-formed but unknown token': bearer(`cairn_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`),
      'a known id with the wrong secret': bearer(`${server.ownerToken.slice(0, 'cairn_'.length + 17)}${randomBytes(32).toString('base64url')}`),
      'a revoked token': bearer(revoked.token),
      'an expired token': bearer(await expiredToken()),
    });
    // Tokens valid in every workspace, so the route's action alone decides.
    for (const role of roles) roleTokens[role] = await server.tokenFor(role, null);
  });
  afterAll(async () => { await server?.close(); });

  // A walked route may delete the workspace it was called on; the next call needs it back.
  const call = async (route: RouteDef, headers: Record<string, string>, params?: Record<string, string>) => {
    await server.workspaces.ensureDefault();
    return server.app.inject(routeRequest(route, headers, { params }));
  };

  it('implements every route declared in @cairn/api', () => {
    const declared = allRoutes.map((r) => r.id);
    const missing = declared.filter((id) => !implemented.has(id));
    const undeclared = [...implemented].filter((id) => !declared.includes(id));
    expect(missing, `routes declared in @cairn/api that createServer does not implement: ${missing.join(', ')}`).toEqual([]);
    expect(undeclared, `routes implemented but not declared in @cairn/api: ${undeclared.join(', ')}`).toEqual([]);
  });

  describe.each(allRoutes.map((r) => [`${r.id} (${r.method} ${r.path})`, r] as const))('%s', (_title, route) => {
    it('answers 401 UNAUTHENTICATED without a valid token', async (ctx) => {
      ctx.skip(!implemented.has(route.id), 'not implemented yet: see "implements every route"');
      for (const [what, headers] of Object.entries(badTokens)) {
        const res = await call(route, headers);
        expect(res.statusCode, `${route.id} with ${what}: ${describeResponse(res)}`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
      }
    });

    const roleTitle = route.action === 'authenticated' ? 'answers every role (any valid token may call it)' : `answers 403 FORBIDDEN exactly to the roles that may not ${route.action}`;
    it(roleTitle, async (ctx) => {
      ctx.skip(!implemented.has(route.id), 'not implemented yet: see "implements every route"');
      for (const role of roles) {
        const res = await call(route, bearer(roleTokens[role]));
        const allowed = route.action === 'authenticated' || roleAllows(role, route.action);
        if (allowed) expect([401, 403], `${role} on ${route.id}: ${describeResponse(res)}`).not.toContain(res.statusCode);
        else {
          expect(res.statusCode, `${role} on ${route.id}: ${describeResponse(res)}`).toBe(403);
          expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(route.action) });
        }
      }
    });
  });

  describe('workspace scoping', () => {
    let ownerOfA: Record<string, string>;
    beforeAll(async () => {
      for (const name of ['ws-a', 'ws-b']) await server.workspaces.create(name, '');
      ownerOfA = bearer(await server.tokenFor('Owner', 'ws-a'));
    });

    it('lets an Owner scoped to workspace A work in A', async () => {
      const res = await server.app.inject({ url: '/api/v1/workspaces/ws-a', headers: ownerOfA });
      expect(res.statusCode).toBe(200);
    });

    it.for(allRoutes.filter((r) => r.path.includes('{workspace}')))('refuses that Owner $id in workspace B', async (route, ctx) => {
      ctx.skip(!implemented.has(route.id), 'not implemented yet');
      const res = await call(route, ownerOfA, { workspace: 'ws-b' });
      expect(res.statusCode, describeResponse(res)).toBe(403);
      expect(res.json().error.message).toContain('in workspace ws-b');
    });

    it.for(allRoutes.filter((r) => !r.path.includes('{workspace}') && r.action !== 'authenticated'))(
      'refuses that Owner $id, which acts across workspaces', async (route, ctx) => {
        ctx.skip(!implemented.has(route.id), 'not implemented yet');
        const res = await call(route, ownerOfA);
        expect(res.statusCode, describeResponse(res)).toBe(403);
      });
  });

  it('binds to 127.0.0.1 unless told otherwise', () => {
    expect(loadConfig({}, {}).host).toBe('127.0.0.1');
  });
});
