// The MetricStore contract, on every backend (SQLite and a real PostgreSQL).
import { randomUUID } from 'node:crypto';
import { ConflictError } from '@cairn/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import { decodeChunk } from './codec.js';
import type { BatchAppend, BatchCheck, MetricStore, SeriesAppend } from './metric-store.js';
import { SqlMetricStore } from './sql-metric-store.js';
import { seedRun } from './test-support/seed.js';
import type { MetricPoint, PointColumns } from './types.js';

const accept: BatchCheck = () => {};

describe.each(testBackends())('SqlMetricStore on %s', (backend) => {
  let server: TestServer;
  let store: MetricStore;
  let workspaceId: number;

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    store = new SqlMetricStore(server.metadata);
    workspaceId = (await server.workspaces.resolve('default')).id;
  });
  afterAll(() => server?.close());

  const newRun = () => seedRun(server.metadata.db, { id: `run-${randomUUID()}` });
  const scalar = (name: string, points: MetricPoint[]): SeriesAppend => ({ name, kind: 'scalar', columns: null, points });
  const batch = (runId: string, series: SeriesAppend[], batchKey = randomUUID()): BatchAppend => ({
    workspaceId, runId, batchKey, series, points: series.reduce((n, s) => n + s.points.length, 0), receivedAt: 1,
  });
  const steps = (from: number, count: number, value = (s: number) => s): MetricPoint[] =>
    Array.from({ length: count }, (_, i) => ({ step: from + i, time: 1_000 + from + i, value: value(from + i) }));

  /** Every stored point of a series, in seq order. */
  async function storedPoints(runId: string, name: string): Promise<MetricPoint[]> {
    const info = await store.find(runId, name);
    return (await store.chunks(info!.id, -1, 10_000)).flatMap((c) => decodeChunk(c.payload));
  }

  it('appends points and reads them back in log order, across sealed and rewritten chunks', async () => {
    const run = await newRun();
    for (const [from, count] of [[0, 5_000], [5_000, 3], [5_003, 10], [5_013, 300]] as const) {
      expect(await store.append(batch(run, [scalar('loss', steps(from, count))]), accept)).toEqual({ accepted: count, duplicate: false });
    }
    expect(await storedPoints(run, 'loss')).toEqual(steps(0, 5_313));
    const info = await store.find(run, 'loss');
    expect(info).toMatchObject({ name: 'loss', kind: 'scalar', columns: null, count: 5_313, latest: { step: 5_312, time: 6_312, value: 5_312 } });
  });

  it('writes blocks in columns as it writes points, alone, mixed in one group, and after small chunks', async () => {
    const run = await newRun();
    const columns = (from: number, count: number): PointColumns => {
      const { steps: s, times, values } = { steps: new Float64Array(count), times: new Float64Array(count), values: new Float64Array(count) };
      for (let i = 0; i < count; i++) [s[i], times[i], values[i]] = [from + i, 1_000 + from + i, from + i];
      return { length: count, steps: s, times, values };
    };
    await store.append(batch(run, [scalar('x', steps(0, 3))]), accept); // a small open chunk, extended by columns
    await Promise.all([
      store.append(batch(run, [{ name: 'x', kind: 'scalar', columns: null, points: columns(3, 5_000) }]), accept),
      store.append(batch(run, [scalar('x', steps(5_003, 7))]), accept),
    ]);
    expect(await storedPoints(run, 'x')).toEqual(steps(0, 5_010));
    expect(await store.find(run, 'x')).toMatchObject({ count: 5_010, latest: { step: 5_009, value: 5_009 } });
  });

  it('keeps NaN, ±Infinity and -0, strings, booleans, nulls and table rows', async () => {
    const run = await newRun();
    const numbers = [NaN, Infinity, -Infinity, -0, 1.5].map((value, step) => ({ step, time: step, value }));
    const cells = ['a', true, null].map((value, i) => ({ time: i, value }));
    const rows = [{ time: 5, value: { a: NaN, b: 'x', __proto__: 1 } as never }];
    await store.append(batch(run, [
      scalar('n', numbers), scalar('c', cells), { name: 't', kind: 'table', columns: ['a', 'b', '__proto__'], points: rows },
    ]), accept);
    expect(await storedPoints(run, 'n')).toEqual(numbers);
    expect(Object.is((await storedPoints(run, 'n'))[3]!.value, -0)).toBe(true);
    expect(await storedPoints(run, 'c')).toEqual(cells);
    expect((await store.find(run, 't'))!.columns).toEqual(['a', 'b', '__proto__']);
    expect((await store.find(run, 'n'))!.latest!.value).toBe(1.5);
  });

  it('stores a batch key once per run; a duplicate writes nothing', async () => {
    const run = await newRun();
    const first = batch(run, [scalar('m', steps(0, 10))], 'same-key');
    expect(await store.append(first, accept)).toEqual({ accepted: 10, duplicate: false });
    expect(await store.append(batch(run, [scalar('m', steps(10, 10))], 'same-key'), accept)).toEqual({ accepted: 0, duplicate: true });
    expect((await store.find(run, 'm'))!.count).toBe(10);
  });

  it('refuses a batch alone when its check throws, rolling back its key, while the group around it commits', async () => {
    const run = await newRun();
    const refuse: BatchCheck = (b) => { if (b.batchKey === 'bad') throw new ConflictError('METRIC_KIND_MISMATCH', 'no'); };
    const results = await Promise.allSettled([
      store.append(batch(run, [scalar('m', steps(0, 5))], 'a'), refuse),
      store.append(batch(run, [scalar('m', steps(5, 5)), scalar('other', steps(0, 1))], 'bad'), refuse),
      store.append(batch(run, [scalar('m', steps(10, 5))], 'c'), refuse),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.list(run)).map((s) => [s.name, s.count])).toEqual([['m', 10]]);
    expect(await store.append(batch(run, [scalar('m', steps(5, 5))], 'bad'), accept)).toEqual({ accepted: 5, duplicate: false });
  });

  it('fails alone a batch that breaks the shared transaction in a way no rule foresaw', async () => {
    const run = await newRun();
    const unstorable = scalar('m', [{ step: 0.5, time: 1, value: 1 }]); // the codec refuses a step that is not an integer
    const results = await Promise.allSettled([
      store.append(batch(run, [scalar('m', steps(0, 5))]), accept),
      store.append(batch(run, [unstorable]), accept),
      store.append(batch(run, [scalar('m', steps(5, 5))]), accept),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await storedPoints(run, 'm')).toEqual(steps(0, 10));
  });

  it('gives the check the stored series and run totals, counting earlier batches of the same group', async () => {
    const run = await newRun();
    await store.append(batch(run, [scalar('a', steps(0, 7)), { name: 't', kind: 'table', columns: ['x'], points: [{ time: 1, value: { x: 1 } }] }]), accept);
    const seen: unknown[] = [];
    const record: BatchCheck = (b, existing, totals) => {
      seen.push([b.batchKey, [...existing.values()].sort((x, y) => x.name.localeCompare(y.name)), totals]);
    };
    const row = { name: 't', kind: 'table' as const, columns: ['x'], points: [{ time: 2, value: { x: 2 } }] };
    await Promise.all([
      store.append(batch(run, [scalar('a', steps(7, 2)), row], 'k1'), record),
      store.append(batch(run, [scalar('b', steps(0, 3))], 'k2'), record),
    ]);
    expect(seen).toEqual([
      ['k1', [{ name: 'a', kind: 'scalar', columns: null, count: 7 }, { name: 't', kind: 'table', columns: ['x'], count: 1 }]
        .map((series) => expect.objectContaining(series)), { names: 2, points: 8 }],
      ['k2', [], { names: 2, points: 11 }],
    ]);
  });

  it('answers RUN_NOT_FOUND for a run of another workspace or no run at all', async () => {
    const run = await newRun();
    for (const b of [{ ...batch(run, [scalar('m', steps(0, 1))]), workspaceId: workspaceId + 1000 }, batch('missing', [scalar('m', steps(0, 1))])]) {
      await expect(store.append(b, accept)).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    }
    expect(await store.runExists(workspaceId, run)).toBe(true);
    expect(await store.runExists(workspaceId + 1000, run)).toBe(false);
  });

  it('keeps as latest the highest step, later points winning ties, step-less points winning by arrival', async () => {
    const run = await newRun();
    const latest = async (points: MetricPoint[]) => {
      await store.append(batch(run, [scalar('x', points)]), accept);
      return (await store.find(run, 'x'))!.latest;
    };
    expect(await latest([{ step: 4, time: 1, value: 4 }, { step: 2, time: 2, value: 2 }])).toEqual({ step: 4, time: 1, value: 4 });
    expect(await latest([{ step: 4, time: 3, value: 44 }])).toEqual({ step: 4, time: 3, value: 44 });
    expect(await latest([{ step: 3, time: 4, value: 3 }])).toMatchObject({ value: 44 });
    expect(await latest([{ time: 5, value: 'no step' }])).toEqual({ step: null, time: 5, value: 'no step' });
    expect(await latest([{ step: 1, time: 6, value: 1 }])).toEqual({ step: 1, time: 6, value: 1 });
  });

  it('lists series by name and reads the latest values of many runs in one call', async () => {
    const [r1, r2, r3] = [await newRun(), await newRun(), await newRun()];
    await store.append(batch(r1, [scalar('b', steps(0, 2)), scalar('a', [{ time: 1, value: NaN }])]), accept);
    await store.append(batch(r2, [scalar('a', steps(0, 1, () => 7))]), accept);
    expect((await store.list(r1)).map((s) => s.name)).toEqual(['a', 'b']);
    const all = await store.latest(workspaceId, [r1, r2, r3, 'missing']);
    expect([...all.keys()].sort()).toEqual([r1, r2, r3].sort());
    expect(Object.fromEntries(all.get(r1)!)).toEqual({ a: NaN, b: 1 });
    expect(Object.fromEntries(all.get(r3)!)).toEqual({});
    const named = await store.latest(workspaceId, [r1, r2], ['a']);
    expect(Object.fromEntries(named.get(r2)!)).toEqual({ a: 7 });
    expect(Object.fromEntries(named.get(r1)!)).toEqual({ a: NaN });
    expect(await store.latest(workspaceId + 1000, [r1])).toEqual(new Map());
  });

  it('writes a batch of 10,000 metrics, then extends all of them', async () => {
    const run = await newRun();
    const names = Array.from({ length: 10_000 }, (_, i) => `m${i}`);
    for (const from of [0, 1]) await store.append(batch(run, names.map((name) => scalar(name, steps(from, 1)))), accept);
    const listed = await store.list(run);
    expect(listed).toHaveLength(10_000);
    expect(listed.every((s) => s.count === 2 && s.latest?.value === 1)).toBe(true);
  });

  it('pages chunks in seq order', async () => {
    const run = await newRun();
    for (let i = 0; i < 5; i++) await store.append(batch(run, [scalar('p', steps(i * 300, 300))]), accept);
    const { id } = (await store.find(run, 'p'))!;
    const first = await store.chunks(id, -1, 2);
    const rest = await store.chunks(id, first[1]!.seq, 10);
    expect([...first, ...rest].map((c) => c.count)).toEqual([300, 300, 300, 300, 300]);
    expect([...first, ...rest].map((c) => c.seq)).toEqual([...first, ...rest].map((c) => c.seq).sort((a, b) => a - b));
  });
});
