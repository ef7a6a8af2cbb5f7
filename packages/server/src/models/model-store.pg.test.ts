import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRun } from '../files/test-support/run-rows.js';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import type { NewModel } from './model-store.js';
import { SqlModelStore } from './sql-model-store.js';

const hash = (n: number) => n.toString(16).padStart(64, '0');

describe.each(testBackends())('SqlModelStore on %s', (backend) => {
  let server: TestServer;
  let store: SqlModelStore;
  let ws: number;
  let clock = 1_000;
  const by = () => ({ actor: 'tester', at: ++clock });
  const newModel = (overrides: Partial<NewModel> = {}): NewModel => ({
    workspaceId: ws, name: 'm', description: '', framework: 'Custom', frameworkVersion: null, runId: null, tags: {}, properties: {},
    datasets: [], files: [{ path: 'model.pkl', sha256: hash(1), size: 10 }], ...overrides,
  });

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    store = new SqlModelStore(server.metadata.db);
    ws = (await server.workspaces.resolve('default')).id;
    await insertRun(server.metadata.db, 'default', 'run-1');
  });
  afterAll(async () => { await server.close(); });

  it('creates versions with everything they carry and reads them back', async () => {
    const files = Array.from({ length: 1500 }, (_, i) => ({ path: `net/f${String(i).padStart(4, '0')}`, sha256: hash(i), size: i }));
    const created = await store.create(newModel({ name: 'full', runId: 'run-1', framework: 'Onnx', frameworkVersion: '1.17', tags: { t: null, u: 'v' },
      properties: { p: '1' }, datasets: ['ds:1', 'ds:1', 'other'], files, description: 'd' }), by());
    expect(created).toMatchObject({ name: 'full', version: 1, runId: 'run-1', framework: 'Onnx', frameworkVersion: '1.17', tags: { t: null, u: 'v' },
      properties: { p: '1' }, datasets: ['ds:1', 'other'], fileCount: 1500, size: (1499 * 1500) / 2, createdBy: 'tester', aliases: [], description: 'd' });
    expect(created.experiment).toMatch(/^files-test-/);
    expect(await store.get(ws, 'full', 1)).toEqual(created);
    expect(await store.files(created.rowId)).toEqual(files);
    expect(await store.runSummary(ws, 'run-1')).toMatchObject({ id: 'run-1', status: 'Running' });
  });

  it('numbers 15 concurrent creates of one name 1 to 15, per workspace', async () => {
    const made = await Promise.all(Array.from({ length: 15 }, () => store.create(newModel({ name: 'race' }), by())));
    expect(made.map((m) => m.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect((await store.get(ws, 'race', null))!.version).toBe(15);
    await server.workspaces.create('second', '');
    const other = (await server.workspaces.resolve('second')).id;
    expect((await store.create(newModel({ workspaceId: other, name: 'race' }), by())).version).toBe(1);
    expect(await store.get(other, 'full', null)).toBeNull();
  });

  it('filters by tags, properties, run, framework and latest, paging by name then newest version', async () => {
    await store.create(newModel({ name: 'f-a', tags: { team: 'x' }, properties: { auc: '0.9' } }), by());
    await store.create(newModel({ name: 'f-a', tags: { team: 'y', gold: null }, framework: 'PyTorch', runId: 'run-1' }), by());
    await store.create(newModel({ name: 'f-b', tags: { team: 'x' } }), by());
    const ids = async (q: Parameters<SqlModelStore['list']>[1]) => (await store.list(ws, q)).map((m) => `${m.name}:${m.version}`);
    expect(await ids({ tags: [['team', 'x']], limit: 10 })).toEqual(['f-a:1', 'f-b:1']);
    expect(await ids({ tags: [['team'], ['gold']], limit: 10 })).toEqual(['f-a:2']);
    expect(await ids({ properties: [['auc', '0.9']], limit: 10 })).toEqual(['f-a:1']);
    expect(await ids({ name: 'f-a', runId: 'run-1', framework: 'PyTorch', limit: 10 })).toEqual(['f-a:2']);
    expect(await ids({ tags: [['team']], latest: true, limit: 10 })).toEqual(['f-a:2', 'f-b:1']);
    expect(await ids({ tags: [['team']], after: { name: 'f-a', version: 2 }, limit: 10 })).toEqual(['f-a:1', 'f-b:1']);
    expect(await ids({ tags: [['team']], limit: 1 })).toEqual(['f-a:2']);
  });

  it('updates tags and description, adds properties, and changes nothing on a clash', async () => {
    const model = await store.create(newModel({ name: 'upd', tags: { a: '1' }, properties: { p: 'x' } }), by());
    const changed = await store.update(model, { description: 'new', setTags: { b: '2' }, removeTags: ['a'], addProperties: { p: 'x', q: 'y' } }, by());
    expect(changed).toMatchObject({ description: 'new', tags: { b: '2' }, properties: { p: 'x', q: 'y' } });
    expect(await store.update(model, { description: 'no', setTags: { c: '3' }, removeTags: [], addProperties: { q: 'z' } }, by())).toEqual({ key: 'q', value: 'y' });
    expect(await store.get(ws, 'upd', 1)).toMatchObject({ description: 'new', tags: { b: '2' } });
  });

  it('moves aliases, deletes a version with its aliases, never reuses a version, and logs events in order', async () => {
    const one = await store.create(newModel({ name: 'al' }), by());
    const two = await store.create(newModel({ name: 'al' }), by());
    await store.setAlias(one, 'prod', by());
    expect((await store.byAlias(ws, 'al', 'prod'))!.version).toBe(1);
    await store.setAlias(two, 'prod', by());
    expect(await store.aliases(ws, 'al')).toMatchObject([{ alias: 'prod', version: 2 }]);
    expect((await store.get(ws, 'al', 2))!.aliases).toEqual(['prod']);
    await store.delete(two, by());
    expect(await store.byAlias(ws, 'al', 'prod')).toBeNull();
    expect(await store.aliases(ws, 'al')).toEqual([]);
    expect((await store.create(newModel({ name: 'al' }), by())).version).toBe(3);
    expect(await store.deleteAlias(ws, 'al', 'prod', by())).toBe(false);
    const events = await store.events(ws, 'al');
    expect(events.map((e) => [e.kind, e.version, e.alias])).toEqual([['registered', 1, null], ['registered', 2, null], ['aliased', 1, 'prod'],
      ['aliased', 2, 'prod'], ['deleted', 2, null], ['registered', 3, null]]);
    expect((await store.events(ws, 'al', events[3]!.id)).map((e) => e.kind)).toEqual(['deleted', 'registered']);
  });

  it('goes with its workspace, and keeps a version whose run is gone', async () => {
    await server.workspaces.create('doomed', '');
    const doomed = (await server.workspaces.resolve('doomed')).id;
    await insertRun(server.metadata.db, 'doomed', 'doomed-run');
    const model = await store.create(newModel({ workspaceId: doomed, name: 'd', runId: 'doomed-run', tags: { a: '1' } }), by());
    await store.setAlias(model, 'prod', by());
    const kept = await store.create(newModel({ name: 'orphan', runId: 'run-1' }), by());
    await server.metadata.db.deleteFrom('runs').where('id', '=', 'run-1').execute();
    expect(await store.get(ws, 'orphan', kept.version)).toMatchObject({ runId: null, experiment: null });
    await server.workspaces.delete('doomed', true);
    expect(await server.metadata.db.selectFrom('models').select('id').where('workspace_id', '=', doomed).execute()).toEqual([]);
    expect(await server.metadata.db.selectFrom('model_tags').select('key').where('model_id', '=', model.rowId).execute()).toEqual([]);
  });

  it('knows only the blobs a workspace holds', async () => {
    await server.metadata.db.insertInto('workspace_blobs').values({ workspace_id: ws, sha256: hash(7), size: 70, created_at: 1 }).execute();
    const other = (await server.workspaces.resolve('second')).id;
    expect([...(await store.knownBlobs(ws, [hash(7), hash(8)]))]).toEqual([[hash(7), 70]]);
    expect((await store.knownBlobs(other, [hash(7)])).size).toBe(0);
  });
});
