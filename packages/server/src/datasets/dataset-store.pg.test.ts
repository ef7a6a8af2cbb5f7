import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlDatastoreStore } from '../datastores/sql-datastore-store.js';
import { insertRun } from '../files/test-support/run-rows.js';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import type { NewDataset } from './dataset-store.js';
import { SqlDatasetStore } from './sql-dataset-store.js';

describe.each(testBackends())('SqlDatasetStore and SqlDatastoreStore on %s', (backend) => {
  let server: TestServer;
  let datasets: SqlDatasetStore;
  let datastores: SqlDatastoreStore;
  let ws: number;
  let lake: number;
  const version = (overrides: Partial<NewDataset> = {}): NewDataset => ({
    workspaceId: ws, name: 'ds', kind: 'file', datastoreId: lake, path: 'a/**', separator: null, description: '', fingerprint: 'f1',
    fileCount: 1, size: 3, createdBy: 'tester', createdAt: 1000, ...overrides,
  });

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    datasets = new SqlDatasetStore(server.metadata.db);
    datastores = new SqlDatastoreStore(server.metadata.db);
    ws = (await server.workspaces.resolve('default')).id;
    const row = { workspaceId: ws, name: 'lake', type: 'local' as const, location: { path: '/data' }, secretNames: {}, isDefault: false, createdAt: 1 };
    expect(await datastores.insert(row)).toBe(true);
    expect(await datastores.insert(row)).toBe(false);
    lake = (await datastores.get(ws, 'lake'))!.id;
    await insertRun(server.metadata.db, 'default', 'run-1');
  });
  afterAll(async () => { await server.close(); });

  it('keeps datastores with their location and secret names, and one default', async () => {
    await datastores.insert({ workspaceId: ws, name: 'blob', type: 'azure-blob', location: { accountUrl: 'https://a', container: 'c' }, secretNames: { key: 'k' }, isDefault: true, createdAt: 2 });
    await datastores.setDefault(ws, 'lake');
    const all = await datastores.list(ws);
    expect(all.map((d) => [d.name, d.isDefault])).toEqual([['blob', false], ['lake', true]]);
    expect(all[0]).toMatchObject({ type: 'azure-blob', location: { accountUrl: 'https://a', container: 'c' }, secretNames: { key: 'k' } });
  });

  it('versions by fingerprint, with files written in slices and read in path order', async () => {
    const files = Array.from({ length: 2500 }, (_, i) => ({ path: `a/f${String(2499 - i).padStart(4, '0')}`, size: i, etag: `e${i}`, sha256: null }));
    const first = await datasets.insertVersion(version({ fileCount: files.length }), files);
    expect(first).toMatchObject({ created: true, record: { version: 1, datastore: 'lake', fileCount: 2500 } });
    expect((await datasets.insertVersion(version(), [])).created).toBe(false);
    const second = await datasets.insertVersion(version({ fingerprint: 'f2' }), [{ path: 'a/x', size: 5_000_000_000, etag: null, sha256: 'ab' }]);
    expect(second.record.version).toBe(2);
    const read = await datasets.files(first.record.id);
    expect(read).toHaveLength(2500);
    expect(read[0]).toEqual({ path: 'a/f0000', size: 2499, etag: 'e2499', sha256: null });
    expect((await datasets.files(second.record.id))[0]!.size).toBe(5_000_000_000);
    expect((await datasets.get(ws, 'ds'))!.version).toBe(2);
    expect((await datasets.get(ws, 'ds', 1))!.fingerprint).toBe('f1');
    expect(await datastores.referencingDatasets(lake)).toEqual(['ds:1', 'ds:2']);
  });

  it('links runs once, keeps profiles, and deletes a version with its files', async () => {
    const v1 = (await datasets.get(ws, 'ds', 1))!;
    await datasets.linkRun(v1.id, { runId: 'run-1', direction: 'input', name: 'train' });
    await datasets.linkRun(v1.id, { runId: 'run-1', direction: 'input', name: 'train' });
    expect(await datasets.runs(v1.id)).toEqual([{ runId: 'run-1', direction: 'input', name: 'train' }]);
    await datasets.setProfile(v1.id, '{"status":"Running"}');
    expect((await datasets.get(ws, 'ds', 1))!.profile).toBe('{"status":"Running"}');
    const v2 = (await datasets.get(ws, 'ds', 2))!;
    await datasets.delete(v2.id);
    expect(await datasets.get(ws, 'ds', 2)).toBeNull();
    expect(await datasets.files(v2.id)).toEqual([]);
  });
});
