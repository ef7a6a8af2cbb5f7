import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentSettings } from '@cairn/api';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import type { DeploymentSpec, NewEndpoint } from './endpoint-store.js';
import { SqlEndpointStore } from './sql-endpoint-store.js';

const spec = (models: string[]): DeploymentSpec => ({
  models, entryScript: 'score.py', snapshotId: 'a'.repeat(64), environment: 'system', settings: DeploymentSettings.parse({}), sampleInput: null, collectModelData: false,
});

describe.each(testBackends())('SqlEndpointStore on %s', (backend) => {
  let server: TestServer;
  let store: SqlEndpointStore;
  let ws: number;
  const endpoint = (name: string, workspaceId = ws): NewEndpoint => ({
    workspaceId, name, description: '', auth: 'key', primaryKey: 'p', secondaryKey: 's', tokenSecret: 't', traffic: {}, createdAt: 10, createdBy: 'tester',
  });

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    store = new SqlEndpointStore(server.metadata.db);
    ws = (await server.workspaces.resolve('default')).id;
  });
  afterAll(async () => { await server.close(); });

  it('creates an endpoint once per workspace name, and reads, lists and updates it', async () => {
    const created = (await store.create(endpoint('diabetes')))!;
    expect(created).toMatchObject({ name: 'diabetes', auth: 'key', primaryKey: 'p', traffic: {}, createdAt: 10, updatedAt: 10 });
    expect(await store.create(endpoint('diabetes'))).toBeNull();
    await store.update(created.id, { traffic: { blue: 100 }, secondaryKey: 's2' }, 20);
    expect(await store.get(ws, 'diabetes')).toMatchObject({ traffic: { blue: 100 }, primaryKey: 'p', secondaryKey: 's2', updatedAt: 20 });
    await server.workspaces.create('other-ws', '');
    const other = (await server.workspaces.resolve('other-ws')).id;
    expect(await store.create(endpoint('diabetes', other))).not.toBeNull();
    expect((await store.list(ws)).map((e) => e.name)).toEqual(['diabetes']);
    expect((await store.all()).map((e) => `${e.workspaceName}/${e.name}`)).toEqual(['default/diabetes', 'other-ws/diabetes']);
  });

  it('puts deployments by generation, records rollouts of the current generation only, and reverts a failed update', async () => {
    const e = (await store.create(endpoint('rolling')))!;
    const first = await store.putDeployment(e.id, ws, 'blue', spec(['m:1']), [{ ref: 'm:1', name: 'm', version: 1 }], 30);
    expect(first).toMatchObject({ name: 'blue', generation: 1, state: 'Transitioning', error: null, models: [{ name: 'm', version: 1 }] });
    await store.finishRollout(first.id, 1, { state: 'Healthy', error: null, at: 31 });
    const second = await store.putDeployment(e.id, ws, 'blue', spec(['m:2']), [{ ref: 'm:2', name: 'm', version: 2 }], 40);
    expect(second).toMatchObject({ id: first.id, generation: 2, state: 'Transitioning', spec: { models: ['m:2'] } });
    await store.finishRollout(first.id, 1, { state: 'Failed', error: 'stale', at: 41 });
    expect((await store.deployments(e.id))[0]).toMatchObject({ generation: 2, state: 'Transitioning', error: null });
    expect(await store.usersOf(ws, 'm', 2)).toEqual([{ endpoint: 'rolling', deployment: 'blue' }]);
    await store.finishRollout(first.id, 2, { state: 'Failed', error: 'init() raised', revert: { spec: spec(['m:1']), models: [{ ref: 'm:1', name: 'm', version: 1 }] }, at: 42 });
    expect((await store.deployments(e.id))[0]).toMatchObject({ generation: 2, state: 'Failed', error: 'init() raised', spec: { models: ['m:1'] } });
    expect(await store.usersOf(ws, 'm', 2)).toEqual([]);
    expect(await store.usersOf(ws, 'm', 1)).toEqual([{ endpoint: 'rolling', deployment: 'blue' }]);
  });

  it('deletes deployments and endpoints with the model versions they served', async () => {
    const e = (await store.create(endpoint('gone')))!;
    const blue = await store.putDeployment(e.id, ws, 'blue', spec(['x:1']), [{ ref: 'x:1', name: 'x', version: 1 }], 50);
    await store.putDeployment(e.id, ws, 'green', spec(['x@prod']), [{ ref: 'x@prod', name: 'x', version: 1 }], 50);
    expect(await store.usersOf(ws, 'x', 1)).toEqual([{ endpoint: 'gone', deployment: 'blue' }, { endpoint: 'gone', deployment: 'green' }]);
    await store.deleteDeployment(blue.id);
    expect((await store.deployments(e.id)).map((d) => d.name)).toEqual(['green']);
    await store.delete(e.id);
    expect(await store.get(ws, 'gone')).toBeNull();
    expect(await store.usersOf(ws, 'x', 1)).toEqual([]);
  });
});
