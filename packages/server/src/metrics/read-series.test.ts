import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { metricsTest as it } from '../test-support/metrics-test.js';
import { metricsClient, scalars } from './test-support/metrics-client.js';
import { seedRun } from './test-support/seed.js';

/** Logs `points` to `run` in batches of `size`. */
async function logAll(client: ReturnType<typeof metricsClient>, run: string, points: unknown[], size = 5_000): Promise<void> {
  for (let i = 0; i < points.length; i += size) expect((await client.log(run, points.slice(i, i + size))).status).toBe(200);
}

describe('non-finite numbers', () => {
  const values = [1, 'NaN', 'Infinity', '-Infinity', -2.5];

  it('come back as they were logged, in the series, the stream and the latest values', async ({ client, run }) => {
    await client.log(run, values.map((value, step) => ({ name: 'loss', step, value })));
    expect((await client.series(run, 'loss')).body.points.value).toEqual(values);
    expect((await client.points(run, 'loss')).body.flatMap((block: { value: unknown[] }) => block.value)).toEqual(values);
    await client.log(run, [{ name: 'loss', step: 9, value: 'NaN' }]);
    expect((await client.latest([run])).body.runs[run]).toEqual({ loss: 'NaN' });
    expect((await client.list(run)).body.items[0].latest.value).toBe('NaN');
  });

  it('survive in table rows', async ({ client, run }) => {
    await client.log(run, [{ name: 't', kind: 'table', row: { a: 'Infinity', b: 'x' } }]);
    expect((await client.series(run, 't')).body.points.columns).toEqual({ a: ['Infinity'], b: ['x'] });
  });
});

describe('latest values', () => {
  it('take the point with the highest step; a tie goes to the later point', async ({ client, run }) => {
    await client.log(run, [{ name: 'acc', step: 1, value: 0.1 }, { name: 'acc', step: 5, value: 0.5 }, { name: 'acc', step: 3, value: 0.3 }]);
    expect((await client.latest([run])).body.runs[run]).toEqual({ acc: 0.5 });
    await client.log(run, [{ name: 'acc', step: 5, value: 0.55 }]);
    expect((await client.list(run)).body.items[0].latest).toMatchObject({ step: 5, value: 0.55 });
  });

  it('take the last point logged when points have no step, across batches', async ({ client, run }) => {
    await client.log(run, [{ name: 'lr', value: 3 }, { name: 'lr', value: 1 }]);
    await client.log(run, [{ name: 'lr', value: 2 }]);
    expect((await client.latest([run])).body.runs[run]).toEqual({ lr: 2 });
  });

  it('of many runs in one call: only the named metrics, only runs of the workspace', async ({ server, client, run }) => {
    const runs = [run, await seedRun(server.metadata.db, { id: `b-${randomUUID()}` }), await seedRun(server.metadata.db, { id: `c-${randomUUID()}` })];
    for (const [i, id] of runs.slice(0, 2).entries()) await client.log(id, [{ name: 'acc', value: i }, { name: 'loss', value: 10 + i }]);
    await server.workspaces.create('elsewhere', '');
    const foreign = await seedRun(server.metadata.db, { id: `f-${randomUUID()}`, workspace: 'elsewhere' });
    await metricsClient(server.app, server.ownerToken, 'elsewhere').log(foreign, [{ name: 'acc', value: 99 }]);
    const all = await client.latest([...runs, foreign, 'missing']);
    expect(all.body.runs).toEqual({ [runs[0]!]: { acc: 0, loss: 10 }, [runs[1]!]: { acc: 1, loss: 11 }, [runs[2]!]: {} });
    expect((await client.latest(runs, ['loss'])).body.runs).toEqual({ [runs[0]!]: { loss: 10 }, [runs[1]!]: { loss: 11 }, [runs[2]!]: {} });
    expect((await client.latest(runs, [])).body.runs).toEqual({ [runs[0]!]: {}, [runs[1]!]: {}, [runs[2]!]: {} });
  });
});

describe('reading a series', () => {
  it('returns a small series whole, with steps and timestamps', async ({ client, run }) => {
    await client.log(run, [{ name: 'm', step: 3, timestamp: 100, value: true }, { name: 'm', timestamp: 200, value: 2 }]);
    const { body } = await client.series(run, 'm');
    expect(body).toEqual({
      name: 'm', kind: 'scalar', columns: null, count: 2, downsampled: false,
      points: { step: [3, null], timestamp: [100, 200], value: [true, 2] },
    });
  });

  it('downsamples to at most maxPoints, keeping spikes, the same way every time', async ({ client, run }) => {
    const spikeAt = 7_777;
    const valueAt = (s: number) => (s === spikeAt ? 1e6 : s === 12_345 ? 'NaN' : Math.sin(s / 100));
    await logAll(client, run, scalars('loss', 20_000, valueAt));
    for (const method of ['minmax', 'lttb']) {
      const first = await client.series(run, 'loss', `?maxPoints=500&method=${method}`);
      // Every point drawn is a logged point: its step, time and value belong together.
      const { step, timestamp, value } = first.body.points;
      expect(value).toEqual(step.map(valueAt));
      expect(timestamp).toEqual(step.map((s: number) => 1_700_000_000_000 + s));
      expect(first.body).toMatchObject({ count: 20_000, downsampled: true });
      expect(first.body.points.value.length).toBeLessThanOrEqual(500);
      expect(first.body.points.step).toContain(spikeAt);
      expect(first.body.points.value).toContain(1e6);
      expect(first.body.points.value).toContain('NaN');
      expect(first.body.points.step).toEqual([...first.body.points.step].sort((a, b) => a - b));
      expect((await client.series(run, 'loss', `?maxPoints=500&method=${method}`)).body).toEqual(first.body);
    }
  });

  it('downsamples series without steps, on the timestamp or the index', async ({ client, run }) => {
    await logAll(client, run, scalars('loss', 3_000).map((p) => ({ ...p, step: undefined })));
    for (const query of ['?maxPoints=100&x=timestamp', '?maxPoints=100&x=timestamp&method=lttb', '?maxPoints=100&method=lttb']) {
      const { body } = await client.series(run, 'loss', query);
      expect(body.points.value.length).toBeLessThanOrEqual(100);
      expect(body.points.step.every((s: unknown) => s === null)).toBe(true);
      // The first and last points are always drawn.
      expect(body.points.value[0]).toBe(0);
      expect(body.points.value.at(-1)).toBe(299.9);
    }
  });

  it('answers reads running at once each with its own series (their columns are pooled)', async ({ client, run }) => {
    await logAll(client, run, [...scalars('a', 6_000, (s) => s), ...scalars('b', 6_000, (s) => -s)]);
    const queries = ['?maxPoints=300', '?maxPoints=300&method=lttb', ''];
    const alone = [];
    for (const name of ['a', 'b']) for (const query of queries) alone.push((await client.series(run, name, query)).body);
    const together = await Promise.all(['a', 'b'].flatMap((name) => queries.map((query) => client.series(run, name, query))));
    expect(together.map((reply) => reply.body)).toEqual(alone);
    expect(alone[2].points.value).toEqual(Array.from({ length: 6_000 }, (_, s) => s));
  });

  it('draws LTTB on the index where only some points have a step', async ({ client, run }) => {
    await logAll(client, run, [...scalars('mixed', 2_000), ...scalars('mixed', 2_000, undefined, 2_000).map((p) => ({ ...p, step: undefined }))]);
    const { body } = await client.series(run, 'mixed', '?maxPoints=100&method=lttb');
    expect(body.points.value.length).toBeLessThanOrEqual(100);
    const { step, value } = body.points as { step: (number | null)[]; value: number[] };
    // Stepped points keep their own step; the step-less ones (logged second) are drawn after them.
    expect(step.every((s, i) => (s === null ? value[i]! >= 200 : value[i] === s / 10))).toBe(true);
    expect(step.filter((s) => s === null).length).toBeGreaterThan(10);
    expect(step.at(-1)).toBeNull();
    expect(body.points.value.at(-1)).toBe(399.9);
  });

  it('returns the last maxPoints points of a series that is not all numbers', async ({ client, run }) => {
    await logAll(client, run, Array.from({ length: 1_000 }, (_, i) => ({ name: 'phase', step: i, value: `p${i}` })), 300);
    const { body } = await client.series(run, 'phase', '?maxPoints=10');
    expect(body).toMatchObject({ count: 1_000, downsampled: true });
    expect(body.points.value).toEqual(Array.from({ length: 10 }, (_, i) => `p${990 + i}`));
  });

  it('answers METRIC_NOT_FOUND for a metric the run does not have', async ({ client, run }) => {
    const reply = await client.series(run, 'nope');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('METRIC_NOT_FOUND');
  });
});

describe('streaming a series', () => {
  it('streams every point in order, one block of columns per line', async ({ client, run }) => {
    // Small batches too: they land in the open last chunk, which is rewritten rather than sealed.
    await logAll(client, run, scalars('loss', 12_000), 4_000);
    await logAll(client, run, scalars('loss', 30, undefined, 12_000), 7);
    const { body: blocks } = await client.points(run, 'loss');
    expect(blocks.length).toBeGreaterThan(1);
    const steps = blocks.flatMap((b: { step: number[] }) => b.step);
    expect(steps).toEqual(Array.from({ length: 12_030 }, (_, i) => i));
    expect(blocks.flatMap((b: { value: number[] }) => b.value)).toEqual(steps.map((s: number) => s / 10));
    // The series read returns the same points whole, joined from the same chunks.
    const whole = (await client.series(run, 'loss')).body;
    expect(whole).toMatchObject({ count: 12_030, downsampled: false });
    expect(whole.points.step).toEqual(steps);
    expect(whole.points.value).toEqual(blocks.flatMap((b: { value: number[] }) => b.value));
  });

  it('streams table rows as columns', async ({ client, run }) => {
    await client.log(run, [{ name: 't', kind: 'table', row: { a: 1, b: 'x' } }, { name: 't', kind: 'table', row: { b: 'y', a: 2 } }]);
    const { body } = await client.points(run, 't');
    expect(body).toEqual([{ step: [null, null], timestamp: [expect.any(Number), expect.any(Number)], columns: { a: [1, 2], b: ['x', 'y'] } }]);
  });
});
