import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { metricsTest as it } from '../test-support/metrics-test.js';
import { scalars } from './test-support/metrics-client.js';
import { seedRun } from './test-support/seed.js';

// The columnar batch shape (`series`: one object per metric with parallel arrays) beside the
// per-point shape (`points`): same storage, limits, idempotency and all-or-nothing rules.
/** `count` points of one metric in columns, steps from `from`. */
function columns(name: string, count: number, from = 0, value: (step: number) => unknown = (s) => s / 10) {
  const steps = Array.from({ length: count }, (_, i) => from + i);
  return { name, steps, timestamps: steps.map((s) => 1_700_000_000_000 + s), values: steps.map(value) };
}

describe('the columnar shape', () => {
  it('stores what the per-point shape stores, point for point', async ({ server, client, run }) => {
    const other = await seedRun(server.metadata.db, { id: `run-${randomUUID()}` });
    expect((await client.batch(run, { series: [columns('loss', 500)] })).body).toEqual({ accepted: 500, duplicate: false });
    await client.log(other, scalars('loss', 500));
    const [a, b] = [await client.series(run, 'loss'), await client.series(other, 'loss')];
    expect(a.body).toEqual(b.body);
    expect((await client.list(run)).body).toEqual((await client.list(other)).body);
  });

  it('returns NaN and ±Infinity as they were logged', async ({ client, run }) => {
    const values = [1, 'NaN', 'Infinity', '-Infinity', -0, 2.5];
    await client.batch(run, { series: [{ name: 'odd', steps: [0, 1, 2, 3, 4, 5], values }] });
    const { body } = await client.series(run, 'odd');
    // JSON writes -0 as 0 on the way out; the stored bits keep the sign (codec tests).
    expect(body.points.value).toEqual([1, 'NaN', 'Infinity', '-Infinity', 0, 2.5]);
    const blocks = (await client.points(run, 'odd')).body.flatMap((block: { value: unknown[] }) => block.value);
    expect(blocks).toEqual(body.points.value);
  });

  it('takes series without steps or timestamps, and strings, booleans and nulls as values', async ({ client, run }) => {
    const before = Date.now();
    await client.batch(run, { series: [{ name: 'plain', values: [3, 1] }, { name: 'words', kind: 'list', steps: [0, null, 2], values: ['a', true, null] }] });
    const plain = (await client.series(run, 'plain')).body.points;
    expect(plain.step).toEqual([null, null]);
    expect(plain.timestamp.every((t: number) => t >= before && t <= Date.now())).toBe(true);
    expect((await client.series(run, 'words')).body).toMatchObject({ kind: 'list', points: { step: [0, null, 2], value: ['a', true, null] } });
  });

  it('mixes both shapes in one batch: a metric keeps its points first, then its series', async ({ client, run }) => {
    const reply = await client.batch(run, { points: [{ name: 'm', step: 0, value: 0 }, { name: 't', kind: 'table', row: { a: 1 } }], series: [columns('m', 3, 1)] });
    expect(reply.body).toEqual({ accepted: 5, duplicate: false });
    expect((await client.series(run, 'm')).body.points.step).toEqual([0, 1, 2, 3]);
    expect((await client.list(run)).body.items.map((m: { name: string; count: number }) => [m.name, m.count])).toEqual([['m', 4], ['t', 1]]);
  });

  it('appends to a series the per-point shape started, and keeps the highest step as latest', async ({ client, run }) => {
    await client.log(run, scalars('loss', 10));
    await client.batch(run, { series: [{ name: 'loss', steps: [20, 15], values: [7, 8] }] });
    const { body } = await client.list(run);
    expect(body.items[0]).toMatchObject({ name: 'loss', count: 12, latest: { step: 20, value: 7 } });
    expect((await client.series(run, 'loss')).body.points.step).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 15]);
  });
});

describe('its rules', () => {
  it('stores a retried batch once', async ({ client, run }) => {
    const body = { series: [columns('loss', 3)] };
    expect((await client.batch(run, body, 'key-1')).body).toEqual({ accepted: 3, duplicate: false });
    expect((await client.batch(run, body, 'key-1')).body).toEqual({ accepted: 0, duplicate: true });
    expect((await client.series(run, 'loss')).body.count).toBe(3);
  });

  it('counts both shapes against the 10,000-point limit', async ({ client, run }) => {
    const tooMany = await client.batch(run, { points: scalars('a', 1), series: [columns('b', 10_000)] });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.code).toBe('BATCH_TOO_LARGE');
    expect((await client.batch(run, { points: scalars('a', 1), series: [columns('b', 9_999)] })).body).toEqual({ accepted: 10_000, duplicate: false });
  });

  it('stores nothing of a batch whose last series is refused, and keeps its key usable', async ({ client, run }) => {
    await client.log(run, [{ name: 'acc', kind: 'list', value: 1 }]);
    const refused = await client.batch(run, { series: [columns('loss', 5), columns('acc', 2)] }, 'key-2');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('METRIC_KIND_MISMATCH');
    expect((await client.list(run)).body.items.map((m: { name: string }) => m.name)).toEqual(['acc']);
    expect((await client.batch(run, { series: [columns('loss', 5)] }, 'key-2')).body).toEqual({ accepted: 5, duplicate: false });
  });

  it('refuses malformed columns with INVALID_INPUT, naming the entry', async ({ client, run }) => {
    const cases: [unknown, string][] = [
      [{ name: 'a', steps: [0, 1.5], values: [1, 2] }, 'steps[1] is 1.5'],
      [{ name: 'a', steps: [-1], values: [1] }, 'steps[0] is -1'],
      [{ name: 'a', steps: [0], values: [1, 2] }, 'has 1 entries but values has 2'],
      [{ name: 'a', timestamps: [1, 'x'], values: [1, 2] }, 'timestamps[1] is "x"'],
      [{ name: 'a', values: [1, [2]] }, 'values[1] is [2]'],
      [{ name: 'a', values: [] }, 'at least one value'],
      [{ name: 'a', values: 'NaN' }, 'values must be an array'],
      [{ name: 'a', kind: 'table', values: [1] }, 'series.1.kind'],
      [{ name: 'a', kind: 'image', values: ['x.png', 3] }, 'value 1 needs to be the run file path'],
    ];
    for (const [series, message] of cases) {
      const reply = await client.batch(run, { series: [columns('ok', 1), series] });
      expect(reply.status, message).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(message) });
    }
    expect((await client.batch(run, { series: [{ name: 'bad/name', values: [1] }] })).body.error.code).toBe('INVALID_NAME');
    expect((await client.batch(run, {})).body.error.code).toBe('INVALID_INPUT');
    expect((await client.list(run)).body.items).toEqual([]);
  });
});
