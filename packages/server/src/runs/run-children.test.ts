import { describe, expect } from 'vitest';
import { callTest as it } from '../test-support/call-test.js';
import { qs, type Call } from './test-support/http.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function create(call: Call, body: Record<string, unknown>) {
  const res = await call('POST', '/runs', { experiment: 'tree', ...body });
  expect(res.status).toBe(201);
  return res.body;
}

describe('child runs', () => {
  it('get uuid ids, their parent and the top ancestor as root, at any depth', async ({ call }) => {
    const root = await create(call, { status: 'Running' });
    const child = await create(call, { parentRunId: root.id, status: 'Running' });
    const grandchild = await create(call, { parentRunId: child.id });
    expect(child.id).toMatch(uuid);
    expect(child).toMatchObject({ parentRunId: root.id, rootRunId: root.id, experiment: 'tree' });
    expect(grandchild).toMatchObject({ parentRunId: child.id, rootRunId: root.id });
    expect((await create(call, { parentRunId: child.id, id: 'named-child' })).id).toBe('named-child');
  });

  it('must name an existing parent in the same experiment', async ({ call }) => {
    const missing = await call('POST', '/runs', { experiment: 'tree', parentRunId: 'nope' });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'RUN_NOT_FOUND']);
    const parent = await create(call, {});
    const elsewhere = await call('POST', '/runs', { experiment: 'other', parentRunId: parent.id });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([400, 'INVALID_INPUT']);
    expect(elsewhere.body.error.message).toContain('tree');
  });

  it('are made in one call with count: running, numbered in order, tagged 0..n-1', async ({ call }) => {
    const parent = await create(call, { status: 'Running', computeTarget: 'cpu-cluster' });
    const res = await call('POST', `/runs/${parent.id}/children`, { count: 5 });
    expect(res.status).toBe(201);
    const children = res.body.items;
    expect(children.map((c: any) => c.tags['azureml.batch_child_number'])).toEqual(['0', '1', '2', '3', '4']);
    expect(children.map((c: any) => c.number)).toEqual([1, 2, 3, 4, 5].map((n) => parent.number + n));
    for (const child of children) {
      expect(child).toMatchObject({ status: 'Running', parentRunId: parent.id, rootRunId: parent.rootRunId, computeTarget: 'cpu-cluster' });
      expect(child.id).toMatch(uuid);
      expect(child.startedAt).toBe(child.createdAt);
    }
  });

  it('are made one per tag value, up to 100, and no more', async ({ call }) => {
    const parent = await create(call, {});
    const values = Array.from({ length: 100 }, (_, i) => `lr=${i / 1000}`);
    const res = await call('POST', `/runs/${parent.id}/children`, { tagKey: 'config', tagValues: values });
    expect(res.body.items.map((c: any) => c.tags)).toEqual(values.map((v) => ({ config: v })));
    const tooMany = await call('POST', `/runs/${parent.id}/children`, { count: 101 });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'INVALID_INPUT']);
    const unknownParent = await call('POST', '/runs/nope/children', { count: 1 });
    expect(unknownParent.body.error.code).toBe('RUN_NOT_FOUND');
  });

  it('are listed directly or recursively in creation order', async ({ call }) => {
    const root = await create(call, {});
    const [a, b] = (await call('POST', `/runs/${root.id}/children`, { count: 2 })).body.items;
    const a1 = await create(call, { parentRunId: a.id });
    const b1 = await create(call, { parentRunId: b.id });
    const a2 = (await call('POST', `/runs/${a.id}/children`, { count: 1 })).body.items[0];
    const a1x = await create(call, { parentRunId: a1.id });
    const ids = (items: { id: string }[]) => items.map((run) => run.id);
    expect(ids((await call('GET', `/runs/${root.id}/children`)).body.items)).toEqual([a.id, b.id]);
    expect(ids((await call('GET', `/runs/${root.id}/children?recursive=true`)).body.items)).toEqual([a.id, b.id, a1.id, b1.id, a2.id, a1x.id]);
    expect(ids((await call('GET', `/runs/${a.id}/children?recursive=true`)).body.items)).toEqual([a1.id, a2.id, a1x.id]);
    expect((await call('GET', `/runs/${a1x.id}/children`)).body.items).toEqual([]);
    expect((await call('GET', '/runs/nope/children')).body.error.code).toBe('RUN_NOT_FOUND');
  });

  it('are left out of run lists unless asked for', async ({ call }) => {
    const parent = await create(call, { experiment: 'listing' });
    const [c1, c2] = (await call('POST', `/runs/${parent.id}/children`, { count: 2 })).body.items;
    const ids = async (query: Record<string, string>) => (await call('GET', `/runs${qs({ experiment: 'listing', ...query })}`)).body.items.map((r: any) => r.id);
    expect(await ids({})).toEqual([parent.id]);
    expect((await ids({ includeChildren: 'true' })).sort()).toEqual([parent.id, c1.id, c2.id].sort());
    expect((await ids({ parentRunId: parent.id })).sort()).toEqual([c1.id, c2.id].sort());
    expect((await call('GET', `/runs${qs({ parentRunId: 'nope' })}`)).body.error.code).toBe('RUN_NOT_FOUND');
  });
});
