import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlExperimentStore } from '../experiments/sql-experiment-store.js';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import { parseFilter, parseOrderBy } from './filter/index.js';
import type { NewRun, RunSearch, SortKey } from './run-store.js';
import { SqlRunStore } from './sql-run-store.js';
import { expectedOrder, pagingRuns } from './test-support/paging.js';

describe.each(testBackends())('SqlRunStore on %s', (backend) => {
  let server: TestServer;
  let store: SqlRunStore;
  let experiments: SqlExperimentStore;
  let ws: number;
  let serial = 0;

  const newRun = (overrides: Partial<NewRun> = {}): NewRun => ({
    id: `run-${++serial}`, workspaceId: ws, experiment: 'contract', displayName: 'a run', description: '', type: 'cairn.run',
    status: 'NotStarted', parentRunId: null, rootRunId: null, computeTarget: 'local', createdBy: 'tester', createdAt: 1_000 + serial,
    startedAt: null, tags: {}, properties: {}, ...overrides,
  });

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    store = new SqlRunStore(server.metadata.db);
    experiments = new SqlExperimentStore(server.metadata.db);
    ws = (await server.workspaces.resolve('default')).id;
  });
  afterAll(async () => { await server.close(); });

  it('creates a run with its experiment, tags and properties, and reads it back', async () => {
    const created = await store.create(newRun({ id: 'first', experiment: 'fresh', tags: { t: null }, properties: { p: 'v' } }));
    expect(created).toMatchObject({ id: 'first', experiment: 'fresh', number: 1, rootRunId: 'first', status: 'NotStarted', tags: { t: null }, properties: { p: 'v' }, error: null });
    expect(await store.get(ws, 'first')).toEqual(created);
    await server.workspaces.create('elsewhere', '');
    expect(await store.get((await server.workspaces.resolve('elsewhere')).id, 'first')).toBeNull();
    expect(await experiments.findByName(ws, 'fresh')).toMatchObject({ name: 'fresh', runCount: 1, lastRunAt: created!.createdAt });
  });

  it('refuses a taken id without using up a run number', async () => {
    await store.create(newRun({ id: 'taken', experiment: 'numbers' }));
    expect(await store.create(newRun({ id: 'taken', experiment: 'numbers' }))).toBeNull();
    expect((await store.create(newRun({ experiment: 'numbers' })))!.number).toBe(2);
  });

  it('numbers 20 concurrent creates 1 to 20', async () => {
    const created = await Promise.all(Array.from({ length: 20 }, () => store.create(newRun({ experiment: 'race' }))));
    expect(created.map((run) => run!.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await experiments.findByName(ws, 'race')).toMatchObject({ runCount: 20 });
  });

  it('creates children in one go and lists them directly or recursively in creation order', async () => {
    const parent = (await store.create(newRun({ experiment: 'family' })))!;
    const kids = await store.createChildren(parent, ['k1', 'k2', 'k3'].map((id, i) => ({ id, displayName: id, type: 'x', status: 'Running', startedAt: 5, tags: { n: String(i) } })), 9, 'me');
    expect(kids.map((kid) => [kid.id, kid.number, kid.parentRunId, kid.rootRunId, kid.tags.n, kid.createdAt])).toEqual([
      ['k1', 2, parent.id, parent.id, '0', 9], ['k2', 3, parent.id, parent.id, '1', 9], ['k3', 4, parent.id, parent.id, '2', 9]]);
    const grandkid = (await store.create(newRun({ experiment: 'family', parentRunId: 'k2', rootRunId: parent.id })))!;
    expect((await store.listChildren(ws, parent.id, false)).map((run) => run.id)).toEqual(['k1', 'k2', 'k3']);
    expect((await store.listChildren(ws, parent.id, true)).map((run) => run.id)).toEqual(['k1', 'k2', 'k3', grandkid.id]);
    expect((await store.listChildren(ws, 'k2', true)).map((run) => run.id)).toEqual([grandkid.id]);
  });

  it('updates only while the status is the expected one', async () => {
    const run = (await store.create(newRun()))!;
    expect(await store.update(ws, run.id, 'Running', { status: 'Completed' })).toBeNull();
    const error = { code: 'E', message: 'boom', details: { n: 1 } };
    const failed = await store.update(ws, run.id, 'NotStarted', { status: 'Failed', endedAt: 50, error, displayName: 'renamed', statusReason: 'why' });
    expect(failed).toMatchObject({ status: 'Failed', endedAt: 50, error, displayName: 'renamed', statusReason: 'why' });
    expect(await store.get(ws, run.id)).toEqual(failed);
  });

  it('sets and removes tags within the limit, changing nothing beyond it', async () => {
    const run = (await store.create(newRun({ tags: { a: '1', b: '2' } })))!;
    expect(await store.setTags(run.id, { b: '3', c: null }, ['a'], 3)).toEqual({ ok: true, tags: { b: '3', c: null } });
    expect(await store.setTags(run.id, { d: '4', e: '5' }, [], 3)).toEqual({ ok: false, count: 4 });
    expect((await store.get(ws, run.id))!.tags).toEqual({ b: '3', c: null });
  });

  it('lets only one of two concurrent tag writes take the last free places', async () => {
    const run = (await store.create(newRun()))!;
    const results = await Promise.all([store.setTags(run.id, { x1: '', x2: '' }, [], 3), store.setTags(run.id, { y1: '', y2: '' }, [], 3)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(Object.keys((await store.get(ws, run.id))!.tags)).toHaveLength(2);
  });

  it('adds properties once, refusing a changed value or too many without writing any', async () => {
    const run = (await store.create(newRun({ properties: { a: '1' } })))!;
    expect(await store.addProperties(run.id, { a: '1', b: null }, 3)).toEqual({ ok: true, properties: { a: '1', b: null } });
    expect(await store.addProperties(run.id, { c: '3', a: '2' }, 3)).toEqual({ ok: false, conflict: { key: 'a', existing: '1', proposed: '2' } });
    expect(await store.addProperties(run.id, { c: '3', d: '4' }, 3)).toEqual({ ok: false, count: 4 });
    expect((await store.get(ws, run.id))!.properties).toEqual({ a: '1', b: null });
  });

  it('keeps tag and property values of 5,000 random characters, and finds runs by them', async () => {
    const run = (await store.create(newRun({ experiment: 'long-values' })))!;
    const value = randomBytes(4000).toString('base64').slice(0, 5000);
    expect(await store.setTags(run.id, { long: value }, [], 10)).toEqual({ ok: true, tags: { long: value } });
    expect(await store.addProperties(run.id, { long: value }, 10)).toEqual({ ok: true, properties: { long: value } });
    const experimentId = (await experiments.findByName(ws, 'long-values'))!.id;
    for (const filter of [`tags.long = '${value}'`, `properties.long = '${value}'`]) {
      const hits = await store.search({ workspaceId: ws, experimentId, topLevelOnly: true, filter: parseFilter(filter), orderBy: [], now: 0, limit: 5 });
      expect(hits.map((hit) => hit.run.id)).toEqual([run.id]);
    }
  });

  describe('search', () => {
    let pagingExperiment: number;

    beforeAll(async () => {
      const { db } = server.metadata;
      for (const run of pagingRuns) {
        await store.create(newRun({ id: run.id, experiment: 'paging', displayName: run.name, createdAt: run.createdAt, tags: run.bucket === undefined ? {} : { bucket: run.bucket } }));
        if (run.score === undefined) continue;
        await db.insertInto('metric_series').values({ run_id: run.id, name: 'score', kind: 'scalar', columns: null, count: 1, latest: null,
          latest_number: run.score, latest_step: 0, latest_time: 0 }).execute();
      }
      pagingExperiment = (await experiments.findByName(ws, 'paging'))!.id;
    });

    async function pageThrough(filter: string, orderBy: string, limit: number): Promise<string[]> {
      const search: RunSearch = { workspaceId: ws, experimentId: pagingExperiment, topLevelOnly: true, filter: parseFilter(filter),
        orderBy: parseOrderBy(orderBy), now: 10_000, limit };
      const ids: string[] = [];
      let after: SortKey[] | undefined;
      for (let page = 0; page < 100; page++) {
        const hits = await store.search({ ...search, after });
        ids.push(...hits.map((hit) => hit.run.id));
        if (hits.length < limit) return ids;
        after = hits.at(-1)!.keys;
      }
      throw new Error('too many pages');
    }

    it.each(['', 'tags.bucket desc', 'metrics.score', 'metrics.score desc, name', 'name, tags.bucket'])('pages in order with ties, sorted by %j', async (orderBy) => {
      expect(await pageThrough('', orderBy, 8)).toEqual(expectedOrder(pagingRuns, orderBy));
    });

    it('pages through a filter on the sort key and one beside it', async () => {
      const scored = pagingRuns.filter((run) => typeof run.score === 'number' && run.score >= 0.5);
      expect(await pageThrough('metrics.score >= 0.5', 'metrics.score desc', 6)).toEqual(expectedOrder(scored, 'metrics.score desc'));
      const bucketed = pagingRuns.filter((run) => run.bucket === 'b3');
      expect(await pageThrough("tags.bucket = 'b3'", 'metrics.score', 6)).toEqual(expectedOrder(bucketed, 'metrics.score'));
    });

    it('sorts by duration with the same now on every page', async () => {
      const { db } = server.metadata;
      const durations = [1.5, 0.25, 3, 3, 0.001];
      for (const [i, seconds] of durations.entries()) {
        await store.create(newRun({ id: `d${i}`, experiment: 'durations', createdAt: 100 }));
        await db.updateTable('runs').set({ started_at: 1_000, ended_at: 1_000 + seconds * 1000 }).where('id', '=', `d${i}`).execute();
      }
      await store.create(newRun({ id: 'unstarted', experiment: 'durations', createdAt: 100 }));
      const experimentId = (await experiments.findByName(ws, 'durations'))!.id;
      const search: RunSearch = { workspaceId: ws, experimentId, topLevelOnly: true, orderBy: parseOrderBy('duration desc'), now: 0, limit: 2 };
      const ids: string[] = [];
      let after: SortKey[] | undefined;
      do {
        const hits = await store.search({ ...search, after });
        ids.push(...hits.map((hit) => hit.run.id));
        after = hits.length === 2 ? hits[1]!.keys : undefined;
      } while (after);
      expect(ids).toEqual(['d3', 'd2', 'd0', 'd1', 'd4', 'unstarted']);
    });
  });

  it('lists experiments with run counts and last run times in one query', async () => {
    await experiments.ensure(ws, 'zz-empty', 7);
    expect(await experiments.ensure(ws, 'zz-empty', 8)).toMatchObject({ name: 'zz-empty', createdAt: 7, runCount: 0, lastRunAt: null });
    await experiments.ensure(ws, 'b-lower', 1);
    await experiments.ensure(ws, 'B-upper', 1);
    const listed = await experiments.list(ws);
    expect(listed.map((e) => e.name)).toEqual(['B-upper', 'b-lower', 'contract', 'durations', 'family', 'fresh', 'long-values', 'numbers', 'paging', 'race', 'zz-empty']);
    expect(listed.find((e) => e.name === 'paging')).toMatchObject({ runCount: 250, lastRunAt: Math.max(...pagingRuns.map((r) => r.createdAt)) });
  });
});
