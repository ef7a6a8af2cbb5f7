import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../http/errors.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { MetricService } from './metric-service.js';
import { registerMetricRoutes } from './routes.js';
import { SqlMetricStore } from './sql-metric-store.js';
import { metricsClient, scalars } from './test-support/metrics-client.js';
import { seedRun } from './test-support/seed.js';

// The per-run limits (10,000 names, 10,000,000 points) are lowered through the service's options,
// on an app serving only the metric routes over the test server's database and tokens.
let server: TestServer;
let app: FastifyInstance;
let client: ReturnType<typeof metricsClient>;
let run: string;

beforeAll(async () => {
  server = await startTestServer({ listen: false });
  app = Fastify();
  registerErrorHandling(app);
  const store = new SqlMetricStore(server.metadata);
  const env = { tokens: server.tokens, resolveWorkspace: (name: string) => server.workspaces.resolve(name) };
  registerMetricRoutes(app, env, new MetricService(store, { limits: { namesPerRun: 3, pointsPerRun: 100 } }));
  await app.ready();
  client = metricsClient(app, server.ownerToken);
});
afterAll(async () => {
  await app.close();
  await server.close();
});
beforeEach(async () => {
  run = await seedRun(server.metadata.db, { id: `run-${randomUUID()}` });
});

describe('per-run limits', () => {
  it('refuses the batch that would exceed the points limit, naming the limit, and stores nothing of it', async () => {
    expect((await client.log(run, scalars('loss', 60))).status).toBe(200);
    const refused = await client.log(run, scalars('acc', 41));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('100 points per run'), details: { max: 100, would: 101 } });
    expect((await client.list(run)).body.items.map((m: { name: string }) => m.name)).toEqual(['loss']);
    expect((await client.log(run, scalars('acc', 40))).body).toEqual({ accepted: 40, duplicate: false });
  });

  it('refuses the batch that would add one metric name too many', async () => {
    expect((await client.log(run, [{ name: 'a', value: 1 }, { name: 'b', value: 1 }])).status).toBe(200);
    const refused = await client.log(run, [{ name: 'a', value: 2 }, { name: 'c', value: 1 }, { name: 'd', value: 1 }]);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('3 metric names per run') });
    // Logging more points to names the run already has is still fine.
    expect((await client.log(run, [{ name: 'a', value: 2 }, { name: 'c', value: 1 }])).status).toBe(200);
  });

  it('counts every batch of a group commit toward the limit, so concurrent batches cannot overshoot it together', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, () => client.log(run, scalars('loss', 20))));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(5);
    expect(replies.filter((r) => r.status === 422)).toHaveLength(3);
    expect((await client.list(run)).body.items[0].count).toBe(100);
  });
});
