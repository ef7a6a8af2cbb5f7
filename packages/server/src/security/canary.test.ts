/**
 * Plants a secret with a random canary value, exercises every route and the error paths that carry
 * the value, and proves the value appears in no response and in no server log line.
 */
import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, type RouteDef } from '@cairn/api';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { routeRequest } from './test-support/route-requests.js';

const canary = `canary-${randomBytes(16).toString('hex')}`;
// The value as it could leak: plain, or encoded by something that echoes bytes.
const forms = [canary, Buffer.from(canary).toString('base64'), Buffer.from(canary).toString('hex')];
const leaks = (text: string) => forms.filter((form) => text.includes(form));

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const secretUrl = (name: string, workspace = 'default') => `/api/v1/workspaces/${workspace}/secrets/${name}`;

// Inputs that let the walk reach past validation into each handler.
const walkInputs: Record<string, { params?: Record<string, string>; body?: unknown }> = {
  'workspaces.create': { body: { name: 'canary-ws' } },
  'workspaces.delete': { params: { workspace: 'canary-ws' } },
  'runs.create': { body: { experiment: 'exp-1', id: 'run-1' } },
  'runs.update': { body: { description: 'walked' } },
  'runs.setTags': { body: { set: { stage: 'walk' } } },
  'runs.addProperties': { body: { properties: { walked: 'yes' } } },
  'runs.createChildren': { body: { count: 1 } },
  'metrics.logBatch': { body: { batchKey: 'walk-1', points: [{ name: 'loss', value: 0.5 }] } },
  'metrics.series': { params: { name: 'loss' } },
  'metrics.points': { params: { name: 'loss' } },
  'metrics.latest': { body: { runIds: ['run-1'] } },
  'secrets.set': { params: { name: 'canary-copy' }, body: { value: canary } },
  'secrets.delete': { params: { name: 'canary-copy' } },
  'tokens.create': { body: { user: 'walker', role: 'Reader' } },
};
// Routes that end or remove what the others use go last.
const last = new Set(['runs.cancel', 'workspaces.delete', 'secrets.delete', 'tokens.revoke']);
const walkOrder = (routes: RouteDef[]) => [...routes.filter((r) => !last.has(r.id)), ...routes.filter((r) => last.has(r.id))];

interface Seen { what: string; status: number; text: string }

describe('a planted secret value', () => {
  let server: TestServer;
  const seen: Seen[] = [];
  const send = async (what: string, request: InjectOptions) => {
    const res = await server.app.inject(request);
    seen.push({ what, status: res.statusCode, text: `${res.body}\n${JSON.stringify(res.headers)}` });
    return res;
  };
  const put = (what: string, payload: InjectOptions['payload'], headers: Record<string, string>, url = secretUrl('db-password')) =>
    send(what, { method: 'PUT', url, headers, payload });

  async function errorPaths(owner: Record<string, string>): Promise<void> {
    const reader = bearer(await server.tokenFor('Reader'));
    await put('set without a token', { value: canary }, {});
    await put('set as a Reader', { value: canary }, reader);
    await put('set with a bad name', { value: canary }, owner, secretUrl('-bad'));
    await put('set in an unknown workspace', { value: canary }, owner, secretUrl('db-password', 'nowhere'));
    await put('set a value over the limit', { value: canary.repeat(2000) }, owner);
    await put('set a value of the wrong type', { value: { nested: canary } }, owner);
    await put('set a plain-text body', canary, { ...owner, 'content-type': 'text/plain' });
    await send('an unknown route', { method: 'POST', url: '/api/v1/vault/export', headers: owner, payload: { value: canary } });
  }

  async function malformedJson(owner: Record<string, string>): Promise<void> {
    const json = { ...owner, 'content-type': 'application/json' };
    await put('malformed JSON: unquoted value', `{"value": ${canary}}`, json);
    await put('malformed JSON: trailing comma', `{"value": "${canary}",}`, json);
    await put('malformed JSON: unterminated', `{"value": "${canary}`, json);
  }

  beforeAll(async () => {
    server = await startTestServer({ listen: false, logLevel: 'debug' });
    const owner = bearer(server.ownerToken);
    expect((await put('plant', { value: canary }, owner)).statusCode).toBe(200);
    for (const route of walkOrder(allRoutes)) await send(route.id, routeRequest(route, owner, walkInputs[route.id]));
    await errorPaths(owner);
    await malformedJson(owner);
  });
  afterAll(async () => { await server?.close(); });

  it('is stored, and the server itself can read it back', async () => {
    const workspace = await server.workspaces.resolve('default');
    expect(await server.vault.read(workspace.id, 'db-password')).toBe(canary);
    const list = seen.find((s) => s.what === 'secrets.list')!;
    expect(list.status).toBe(200);
    expect(list.text).toContain('db-password');
  });

  it('appears in no response body or header of any route or error path', () => {
    expect(seen.filter((s) => s.what === 'secrets.list' || s.what === 'tokens.list' || s.what === 'meta.openapi').map((s) => s.status)).toEqual([200, 200, 200]);
    expect(seen.filter((s) => s.status >= 400).length).toBeGreaterThan(8);
    const leaked = seen.filter((s) => !s.what.startsWith('malformed JSON') && leaks(s.text).length > 0);
    expect(leaked.map((s) => `${s.what} (${s.status}): ${s.text.slice(0, 200)}`)).toEqual([]);
  });

  it('is not echoed back when the JSON around it is malformed', () => {
    const malformed = seen.filter((s) => s.what.startsWith('malformed JSON'));
    expect(malformed.map((s) => s.status)).toEqual([400, 400, 400]);
    expect(malformed.filter((s) => leaks(s.text).length > 0).map((s) => `${s.what}: ${s.text.slice(0, 200)}`)).toEqual([]);
  });

  it('appears in no server log line, though every request was logged', () => {
    const lines = server.logs().split('\n').filter(Boolean);
    expect(lines.filter((l) => l.includes('"incoming request"') && l.includes('/secrets/db-password')).length).toBeGreaterThan(5);
    expect(lines.filter((l) => leaks(l).length > 0)).toEqual([]);
  });
});

describe('an unexpected failure while storing a secret', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ listen: false, logLevel: 'debug' }); });
  afterAll(async () => { await server?.close(); });

  it('is logged without the request body', async () => {
    // A crafted failure: the table the vault writes to is gone.
    await server.metadata.db.schema.dropTable('secrets').execute();
    const res = await server.app.inject({ method: 'PUT', url: secretUrl('db-password'), headers: bearer(server.ownerToken), payload: { value: canary } });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    expect(leaks(`${res.body}${JSON.stringify(res.headers)}`)).toEqual([]);
    const lines = server.logs().split('\n').filter(Boolean);
    expect(lines.some((l) => l.includes('"unexpected error"') && l.includes('no such table'))).toBe(true);
    expect(lines.filter((l) => leaks(l).length > 0)).toEqual([]);
  });
});
