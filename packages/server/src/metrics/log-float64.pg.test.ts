// Base64 float64 columns through the HTTP route on every backend (SQLite and a real PostgreSQL).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import { metricsClient } from './test-support/metrics-client.js';
import { seedRun } from './test-support/seed.js';

const b64 = (values: number[]) => Buffer.from(new Float64Array(values).buffer).toString('base64');

describe.each(testBackends())('base64 float64 columns on %s', (backend) => {
  let server: TestServer;
  let client: ReturnType<typeof metricsClient>;

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    client = metricsClient(server.app, server.ownerToken);
  });
  afterAll(() => server?.close());

  it('store NaN and ±Infinity, grow a small chunk, and refuse a bad batch whole', async () => {
    const run = await seedRun(server.metadata.db, { id: `run-${randomUUID()}` });
    const series = (steps: number[], values: number[]) => ({ name: 'loss', encoding: 'f64le-base64', steps: b64(steps), timestamps: b64(steps.map((s) => 1_000 + s)), values: b64(values) });
    expect((await client.batch(run, { series: [series([0, 1, 2], [NaN, Infinity, 0.5])] })).body).toEqual({ accepted: 3, duplicate: false });
    // The second batch is appended to the first's small open chunk.
    expect((await client.batch(run, { series: [series([3, 4], [-Infinity, 0.25])] })).status).toBe(200);
    const refused = await client.batch(run, { series: [series([5], [1]), { ...series([6], [2]), steps: b64([6.5]) }] });
    expect(refused.status).toBe(400);
    const { body } = await client.series(run, 'loss');
    expect(body.points).toMatchObject({ step: [0, 1, 2, 3, 4], timestamp: [1_000, 1_001, 1_002, 1_003, 1_004], value: ['NaN', 'Infinity', 0.5, '-Infinity', 0.25] });
    expect((await client.list(run)).body.items[0]).toMatchObject({ count: 5, latest: { step: 4, value: 0.25 } });
  });
});
