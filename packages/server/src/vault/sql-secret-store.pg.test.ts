import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import { SqlSecretStore } from './sql-secret-store.js';

describe.each(testBackends())('SqlSecretStore on %s', (backend) => {
  let server: TestServer;
  let store: SqlSecretStore;
  let a: number;
  let b: number;

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    store = new SqlSecretStore(server.metadata.db);
    a = (await server.workspaces.resolve('default')).id;
    await server.workspaces.create('second', '');
    b = (await server.workspaces.resolve('second')).id;
  });
  afterAll(async () => { await server.close(); });

  it('inserts, then replaces keeping createdAt', async () => {
    expect(await store.put(a, 'key-1', 'c1', 1_000)).toEqual({ name: 'key-1', createdAt: 1_000, updatedAt: 1_000 });
    expect(await store.put(a, 'key-1', 'c2', 2_000)).toEqual({ name: 'key-1', createdAt: 1_000, updatedAt: 2_000 });
    expect(await store.ciphertext(a, 'key-1')).toBe('c2');
  });

  it('lists one workspace in code-unit order of names, without ciphertexts', async () => {
    for (const name of ['b-key', 'A-key', 'a-key', 'Z9']) await store.put(b, name, `c-${name}`, 5);
    const names = (await store.list(b)).map((s) => s.name);
    expect(names).toEqual(['A-key', 'Z9', 'a-key', 'b-key']);
    expect(await store.list(b)).toContainEqual({ name: 'a-key', createdAt: 5, updatedAt: 5 });
    expect((await store.list(a)).map((s) => s.name)).not.toContain('b-key');
  });

  it('tells names apart by case and by workspace', async () => {
    expect(await store.ciphertext(b, 'A-key')).toBe('c-A-key');
    expect(await store.ciphertext(b, 'a-key')).toBe('c-a-key');
    expect(await store.ciphertext(a, 'a-key')).toBeNull();
  });

  it('deletes once', async () => {
    await store.put(a, 'gone', 'c', 1);
    expect(await store.delete(a, 'gone')).toBe(true);
    expect(await store.delete(a, 'gone')).toBe(false);
    expect(await store.ciphertext(a, 'gone')).toBeNull();
  });

  it('loses a workspace secrets with the workspace', async () => {
    await server.workspaces.create('doomed', '');
    const doomed = (await server.workspaces.resolve('doomed')).id;
    await store.put(doomed, 'k', 'c', 1);
    await server.workspaces.delete('doomed', true);
    expect(await store.list(doomed)).toEqual([]);
  });
});
