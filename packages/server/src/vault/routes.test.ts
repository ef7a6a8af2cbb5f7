import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

describe('secret routes', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  const url = (name = '', workspace = 'default') => `/api/v1/workspaces/${workspace}/secrets${name ? `/${name}` : ''}`;
  const put = (name: string, value: string, headers = auth) => server.app.inject({ method: 'PUT', url: url(name), headers, payload: { value } });

  beforeAll(async () => {
    server = await startTestServer({ listen: false });
    auth = { authorization: `Bearer ${server.ownerToken}` };
  });
  afterAll(async () => { await server.close(); });

  it('sets, lists (names only), replaces and deletes secrets', async () => {
    const created = await put('db-password', 'hunter2');
    expect(created.statusCode).toBe(200);
    expect(Object.keys(created.json()).sort()).toEqual(['createdAt', 'name', 'updatedAt']);
    await put('api-key', 'k-123');
    const replaced = await put('db-password', 'hunter3');
    expect(replaced.json().createdAt).toBe(created.json().createdAt);
    expect(replaced.json().updatedAt).toBeGreaterThanOrEqual(created.json().updatedAt);

    const list = await server.app.inject({ url: url(), headers: auth });
    expect(list.json().items.map((s: { name: string }) => s.name)).toEqual(['api-key', 'db-password']);
    expect(list.body).not.toMatch(/hunter|k-123/);
    const workspace = await server.workspaces.resolve('default');
    expect(await server.vault.read(workspace.id, 'db-password')).toBe('hunter3');

    expect((await server.app.inject({ method: 'DELETE', url: url('api-key'), headers: auth })).statusCode).toBe(204);
    const again = await server.app.inject({ method: 'DELETE', url: url('api-key'), headers: auth });
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toMatchObject({ code: 'SECRET_NOT_FOUND', message: expect.stringContaining('no secret named api-key') });
  });

  it('keeps values encrypted at rest: no file of the data directory holds one', async () => {
    const value = `at-rest-${Date.now()}-plain`;
    expect((await put('at-rest', value)).statusCode).toBe(200);
    const files = readdirSync(server.dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.map((f) => f.name)).toContain('cairn.db');
    for (const file of files) expect(readFileSync(join(file.parentPath, file.name)).includes(value)).toBe(false);
  });

  it('keeps each workspace vault apart', async () => {
    await server.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: auth, payload: { name: 'other' } });
    await put('only-in-default', 'v');
    const list = await server.app.inject({ url: url('', 'other'), headers: auth });
    expect(list.json().items).toEqual([]);
    const missing = await server.app.inject({ method: 'DELETE', url: url('only-in-default', 'other'), headers: auth });
    expect(missing.json().error.code).toBe('SECRET_NOT_FOUND');
  });

  it('refuses bad names, empty values and unknown workspaces', async () => {
    const badName = await put('-bad', 'v');
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.code).toBe('INVALID_NAME');
    expect((await put('empty', '')).json().error.code).toBe('INVALID_INPUT');
    const unknown = await server.app.inject({ method: 'PUT', url: url('x', 'nowhere'), headers: auth, payload: { value: 'v' } });
    expect(unknown.json().error.code).toBe('WORKSPACE_NOT_FOUND');
  });

  it('lets a Reader list names but not set or delete', async () => {
    const reader = { authorization: `Bearer ${await server.tokenFor('Reader')}` };
    expect((await server.app.inject({ url: url(), headers: reader })).statusCode).toBe(200);
    const set = await put('by-reader', 'v', reader);
    expect(set.statusCode).toBe(403);
    expect(set.json().error.code).toBe('FORBIDDEN');
    const deleted = await server.app.inject({ method: 'DELETE', url: url('db-password'), headers: reader });
    expect(deleted.statusCode).toBe(403);
  });
});
