import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { metricsTest as it } from '../test-support/metrics-test.js';
import { seedRun } from './test-support/seed.js';

// The columnar shape with base64 float64 columns (`encoding: "f64le-base64"`, what the SDK and the
// Python client send for numeric metrics) beside the JSON-array columns it replaces on the wire.

/** Float64s as the wire's base64 of little-endian bytes. */
const b64 = (values: number[]) => Buffer.from(new Float64Array(values).buffer).toString('base64');

/** `count` points of one metric with steps from `from`, in JSON arrays and in base64 columns. */
function both(name: string, count: number, from = 0) {
  const steps = Array.from({ length: count }, (_, i) => from + i);
  const timestamps = steps.map((s) => 1_700_000_000_000 + s * 10);
  const values = steps.map((s) => Math.exp(-s / 100) + 0.1);
  return {
    json: { name, steps, timestamps, values },
    f64: { name, encoding: 'f64le-base64', steps: b64(steps), timestamps: b64(timestamps), values: b64(values) },
  };
}

describe('base64 float64 columns', () => {
  it('store what JSON columns store, point for point', async ({ server, client, run }) => {
    const other = await seedRun(server.metadata.db, { id: `run-${randomUUID()}` });
    const { json, f64 } = both('loss', 700);
    expect((await client.batch(run, { series: [f64] })).body).toEqual({ accepted: 700, duplicate: false });
    await client.batch(other, { series: [json] });
    expect((await client.series(run, 'loss')).body).toEqual((await client.series(other, 'loss')).body);
    expect((await client.list(run)).body).toEqual((await client.list(other)).body);
  });

  it('carry NaN, ±Infinity and -0 natively, and read back as the JSON shape writes them', async ({ client, run }) => {
    await client.batch(run, { series: [{ name: 'odd', encoding: 'f64le-base64', steps: b64([0, 1, 2, 3, 4]), values: b64([NaN, Infinity, -Infinity, -0, 2.5]) }] });
    const { body } = await client.series(run, 'odd');
    expect(body.points.value).toEqual(['NaN', 'Infinity', '-Infinity', 0, 2.5]);
    expect((await client.list(run)).body.items[0].latest).toMatchObject({ step: 4, value: 2.5 });
    await client.batch(run, { series: [{ name: 'last-nan', encoding: 'f64le-base64', values: b64([1, NaN]) }] });
    expect((await client.series(run, 'last-nan')).body.points.value).toEqual([1, 'NaN']);
  });

  it('take a NaN step as a point without one, and stamp points sent without timestamps', async ({ client, run }) => {
    const before = Date.now();
    await client.batch(run, { series: [{ name: 'gaps', encoding: 'f64le-base64', steps: b64([0, NaN, 2]), values: b64([1, 2, 3]) }] });
    const { points } = (await client.series(run, 'gaps')).body;
    expect(points.step).toEqual([0, null, 2]);
    expect(points.timestamp.every((t: number) => t >= before && t <= Date.now())).toBe(true);
  });

  it('mix with points and JSON columns in one batch, each metric keeping its order', async ({ client, run }) => {
    const { json, f64 } = both('m', 2, 1);
    const later = both('m', 2, 3).f64;
    const reply = await client.batch(run, { points: [{ name: 'm', step: 0, value: 0 }], series: [f64, { ...json, name: 'n' }, later, { name: 'words', values: ['a'] }] });
    expect(reply.body).toEqual({ accepted: 8, duplicate: false });
    expect((await client.series(run, 'm')).body.points.step).toEqual([0, 1, 2, 3, 4]);
    expect((await client.series(run, 'n')).body.points.step).toEqual([1, 2]);
  });

  it('are idempotent by batch key', async ({ client, run }) => {
    const { f64 } = both('k', 10);
    const key = randomUUID();
    expect((await client.batch(run, { series: [f64] }, key)).body).toEqual({ accepted: 10, duplicate: false });
    expect((await client.batch(run, { series: [f64] }, key)).body).toEqual({ accepted: 0, duplicate: true });
    expect((await client.list(run)).body.items[0].count).toBe(10);
  });
});

describe('base64 float64 columns that are refused, with nothing of the batch stored', () => {
  const refusals: [string, Record<string, unknown>, string][] = [
    ['not base64', { values: '!!!!AAAAAAA=' }, 'series.1.values: is not standard base64'],
    ['base64 with a line break', { values: `${b64([1, 2]).slice(0, 8)}\n${b64([1, 2]).slice(8)}` }, 'not standard base64'],
    // "+/+/+/+/Pz8=" in the standard alphabet, which Buffer.from would take in either.
    ['the URL-safe alphabet', { values: '-_-_-_-_Pz8=' }, 'series.1.values: is not standard base64'],
    ['a length that is not base64', { values: 'AAAAAAAAAAA' }, 'series.1.values: values is 11 characters'],
    ['bytes that are not whole float64s', { values: Buffer.alloc(12).toString('base64') }, 'values holds 12 bytes, not a whole number of 8-byte float64s'],
    ['columns of different lengths', { values: b64([1, 2]), steps: b64([0]) }, 'series.1.steps: has 1 entries but values has 2'],
    ['no values', { values: '' }, 'must hold at least one value'],
    ['a fractional step', { values: b64([1, 2]), steps: b64([0, 1.5]) }, 'series.1.steps: entry 1 is 1.5; each entry must be a whole number'],
    ['a negative step', { values: b64([1]), steps: b64([-1]) }, 'entry 0 is -1'],
    ['an infinite step', { values: b64([1]), steps: b64([Infinity]) }, 'entry 0 is Infinity'],
    ['a NaN timestamp', { values: b64([1]), timestamps: b64([NaN]) }, 'series.1.timestamps: entry 0 is NaN; each entry must be epoch milliseconds'],
    ['an image metric', { kind: 'image', values: b64([1]) }, 'series.1.kind'],
    ['JSON arrays under the encoding', { values: [1, 2] }, 'expected string'],
    ['an unknown encoding', { encoding: 'f32le-base64', values: b64([1]) }, 'series.1.encoding'],
  ];

  it.for(refusals)('%s', async ([, column, message], { client, run }) => {
    const bad = { name: 'bad', encoding: 'f64le-base64', ...column };
    const reply = await client.batch(run, { series: [both('good', 5).f64, bad] });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('INVALID_INPUT');
    expect(reply.body.error.message).toContain(message);
    expect((await client.list(run)).body.items).toEqual([]);
  });

  it('counts their points toward the batch limit', async ({ client, run }) => {
    const reply = await client.batch(run, { series: [{ name: 'big', encoding: 'f64le-base64', values: b64(new Array(10_001).fill(1)) }] });
    expect(reply.status).toBe(413);
    expect(reply.body.error).toMatchObject({ code: 'BATCH_TOO_LARGE', message: expect.stringContaining('10001 points') });
  });
});
