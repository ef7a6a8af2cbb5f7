import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import { SqlSnapshotStore } from './sql-snapshot-store.js';

const hashOf = (n: number) => n.toString(16).padStart(64, '0');

describe.each(testBackends())('SqlSnapshotStore on %s', (backend) => {
  let server: TestServer;
  let store: SqlSnapshotStore;
  let ws: number;
  let other: number;

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    store = new SqlSnapshotStore(server.metadata.db);
    ws = (await server.workspaces.resolve('default')).id;
    await server.workspaces.create('other', '');
    other = (await server.workspaces.resolve('other')).id;
  });
  afterAll(async () => server.close());

  it('records blobs per workspace, once, with sizes above 2^31', async () => {
    await store.addBlob(ws, hashOf(1), 3_000_000_000, 1);
    await store.addBlob(ws, hashOf(1), 3_000_000_000, 2);
    await store.addBlob(other, hashOf(2), 5, 1);
    expect(await store.heldBlobs(ws, [hashOf(1), hashOf(2), hashOf(1)])).toEqual(new Map([[hashOf(1), 3_000_000_000]]));
    expect(await store.blobSize(ws, hashOf(1))).toBe(3_000_000_000);
    expect(await store.blobSize(ws, hashOf(2))).toBeNull();
  });

  it('answers for thousands of hashes at once (chunked below parameter limits)', async () => {
    const hashes = Array.from({ length: 2500 }, (_, i) => hashOf(1000 + i));
    // One held hash in each chunk of 500, so every chunk's answer counts.
    const heldIndexes = [0, 700, 1400, 2499];
    for (const i of heldIndexes) await store.addBlob(ws, hashes[i]!, 10 + i, 1);
    const held = await store.heldBlobs(ws, hashes);
    expect([...held.entries()].sort()).toEqual(heldIndexes.map((i) => [hashes[i], 10 + i]).sort());
  });

  it('inserts a snapshot once per workspace and reads it back', async () => {
    const record = { workspaceId: ws, id: hashOf(9), fileCount: 2000, size: 300 * 1024 * 1024 * 20, createdAt: 1_700_000_000_000 };
    expect(await store.insert(record)).toBe(true);
    expect(await store.insert({ ...record, createdAt: 5 })).toBe(false);
    expect(await store.get(ws, hashOf(9))).toEqual(record);
    expect(await store.get(other, hashOf(9))).toBeNull();
    expect(await store.insert({ ...record, workspaceId: other })).toBe(true);
  });
});
