import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { metricsTest as it } from '../test-support/metrics-test.js';
import { metricsClient, scalars } from './test-support/metrics-client.js';
import { seedRun } from './test-support/seed.js';

describe('logging a batch', () => {
  it('stores every kind of metric and lists each with its kind, columns, count and latest value', async ({ client, run }) => {
    const reply = await client.log(run, [
      { name: 'loss', step: 0, value: 0.9 }, { name: 'loss', step: 1, value: 0.5 },
      { name: 'classes', kind: 'list', value: 'cat' }, { name: 'classes', kind: 'list', value: 'dog' },
      { name: 'scores', kind: 'table', row: { k: 1, acc: 0.5 } }, { name: 'scores', kind: 'table', row: { acc: 0.7, k: 2 } },
      { name: 'confusion', kind: 'image', value: 'outputs/confusion.png', timestamp: 42 },
    ]);
    expect(reply).toEqual({ status: 200, body: { accepted: 7, duplicate: false } });
    const { body } = await client.list(run);
    expect(body.items).toEqual([
      { name: 'classes', kind: 'list', columns: null, count: 2, latest: { step: null, timestamp: expect.any(Number), value: 'dog' } },
      { name: 'confusion', kind: 'image', columns: null, count: 1, latest: { step: null, timestamp: 42, value: 'outputs/confusion.png' } },
      { name: 'loss', kind: 'scalar', columns: null, count: 2, latest: { step: 1, timestamp: expect.any(Number), value: 0.5 } },
      { name: 'scores', kind: 'table', columns: ['k', 'acc'], count: 2, latest: { step: null, timestamp: expect.any(Number), value: { acc: 0.7, k: 2 } } },
    ]);
  });

  it('stamps points sent without a timestamp with the time they arrived', async ({ client, run }) => {
    const before = Date.now();
    await client.log(run, [{ name: 'loss', value: 1 }]);
    const { body } = await client.series(run, 'loss');
    expect(body.points.timestamp[0]).toBeGreaterThanOrEqual(before);
    expect(body.points.timestamp[0]).toBeLessThanOrEqual(Date.now());
  });

  it('stores a retried batch once and says it was a duplicate', async ({ server, client, run }) => {
    const points = scalars('loss', 3);
    expect((await client.log(run, points, 'key-1')).body).toEqual({ accepted: 3, duplicate: false });
    expect((await client.log(run, points, 'key-1')).body).toEqual({ accepted: 0, duplicate: true });
    expect((await client.series(run, 'loss')).body.count).toBe(3);
    // Keys belong to a run: another run may use the same key.
    const other = await seedRun(server.metadata.db, { id: `other-${randomUUID()}` });
    expect((await client.log(other, points, 'key-1')).body).toEqual({ accepted: 3, duplicate: false });
  });

  it('stores nothing of a batch with one bad point in the middle, and keeps its key usable', async ({ client, run }) => {
    await client.log(run, [{ name: 'acc', value: 0.5 }]);
    const points = [...scalars('loss', 5), { name: 'acc', kind: 'table', row: { a: 1 } }, ...scalars('loss', 5, undefined, 5)];
    const refused = await client.log(run, points, 'key-2');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('METRIC_KIND_MISMATCH');
    const { body } = await client.list(run);
    expect(body.items.map((m: { name: string; count: number }) => [m.name, m.count])).toEqual([['acc', 1]]);
    // The key was not spent by the refused batch: the corrected batch is stored under it.
    const fixed = points.filter((p) => p.name === 'loss');
    expect((await client.log(run, fixed, 'key-2')).body).toEqual({ accepted: 10, duplicate: false });
  });

  it('refuses a point whose shape does not fit its kind, naming the point', async ({ client, run }) => {
    const cases = [
      { name: 'a', value: 1, row: { x: 1 } },
      { name: 'b' },
      { name: 'c', kind: 'table', value: 1 },
      { name: 'd', kind: 'table', row: {} },
      { name: 'e', kind: 'image', value: 3 },
    ];
    for (const point of cases) {
      const reply = await client.log(run, [{ name: 'ok', value: 1 }, point]);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(`point 1 (metric "${point.name}"`) });
    }
    expect((await client.list(run)).body.items).toEqual([]);
  });

  it('keeps the points of one metric in the order they were sent', async ({ client, run }) => {
    const values = [5, 3, 9, 1, 7];
    await client.log(run, values.flatMap((value, i) => [{ name: 'x', value }, { name: `other-${i}`, value: 0 }]));
    expect((await client.series(run, 'x')).body.points.value).toEqual(values);
  });
});

describe('kinds and columns', () => {
  it('refuses a metric logged again with another kind, naming the metric', async ({ client, run }) => {
    await client.log(run, [{ name: 'loss', value: 1 }]);
    const reply = await client.log(run, [{ name: 'loss', kind: 'list', value: 2 }]);
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'METRIC_KIND_MISMATCH', message: expect.stringContaining('"loss"'), details: { metric: 'loss' } });
  });

  it('refuses a table row with other columns, but takes the same columns in another order', async ({ client, run }) => {
    await client.log(run, [{ name: 't', kind: 'table', row: { a: 1, b: 2 } }]);
    expect((await client.log(run, [{ name: 't', kind: 'table', row: { b: 3, a: 4 } }])).status).toBe(200);
    const reply = await client.log(run, [{ name: 't', kind: 'table', row: { a: 1, c: 2 } }]);
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toContain('"t"');
  });

  it('refuses a batch that logs one metric with two kinds', async ({ client, run }) => {
    const reply = await client.log(run, [{ name: 'm', value: 1 }, { name: 'm', kind: 'list', value: 2 }]);
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('METRIC_KIND_MISMATCH');
  });
});

describe('runs', () => {
  it('answers RUN_NOT_FOUND for a run that does not exist or was deleted', async ({ server, client, run }) => {
    const reply = await client.log('no-such-run', [{ name: 'loss', value: 1 }]);
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('RUN_NOT_FOUND');
    await server.metadata.db.deleteFrom('runs').where('id', '=', run).execute();
    expect((await client.log(run, [{ name: 'loss', value: 1 }])).body.error.code).toBe('RUN_NOT_FOUND');
  });

  it('takes late metrics for a run that has ended, as v1 does', async ({ server, client }) => {
    const ended = await seedRun(server.metadata.db, { id: `ended-${randomUUID()}`, status: 'Completed', endedAt: 2 });
    expect((await client.log(ended, [{ name: 'final', value: 1 }])).body).toEqual({ accepted: 1, duplicate: false });
  });

  it('does not let a Reader log', async ({ server, run }) => {
    const reader = metricsClient(server.app, await server.tokenFor('Reader'));
    expect((await reader.log(run, [{ name: 'loss', value: 1 }])).status).toBe(403);
    expect((await reader.list(run)).status).toBe(200);
  });
});

describe('many metrics', () => {
  it('takes 10,000 metric names in one batch, and more points for them in the next', async ({ client, run }) => {
    const names = Array.from({ length: 10_000 }, (_, i) => `m/${i}`.replace('/', '.'));
    expect((await client.log(run, names.map((name) => ({ name, value: 1 })))).body).toEqual({ accepted: 10_000, duplicate: false });
    expect((await client.log(run, names.map((name) => ({ name, value: 2 })))).body).toEqual({ accepted: 10_000, duplicate: false });
    const { body } = await client.list(run);
    expect(body.items).toHaveLength(10_000);
    expect(body.items.every((m: { count: number; latest: { value: number } }) => m.count === 2 && m.latest.value === 2)).toBe(true);
  }, 30_000);
});

describe('batch size', () => {
  it('refuses a batch of more than 10,000 points with BATCH_TOO_LARGE and takes one of exactly 10,000', async ({ client, run }) => {
    const tooMany = await client.log(run, scalars('loss', 10_001));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.code).toBe('BATCH_TOO_LARGE');
    expect((await client.log(run, scalars('loss', 10_000))).body).toEqual({ accepted: 10_000, duplicate: false });
  });
});
