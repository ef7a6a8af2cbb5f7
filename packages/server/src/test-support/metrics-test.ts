/** The fixtures of the metric route tests, on the file's test server. */
import { randomUUID } from 'node:crypto';
import { metricsClient } from '../metrics/test-support/metrics-client.js';
import { seedRun } from '../metrics/test-support/seed.js';
import { serverTest } from './server-test.js';

/** `it` with `server`, `client` (the metric routes, as the owner) and `run`: a new run for each test that names it. */
export const metricsTest = serverTest
  .extend('client', { scope: 'file' }, ({ server }) => metricsClient(server.app, server.ownerToken))
  .extend('run', ({ server }) => seedRun(server.metadata.db, { id: `run-${randomUUID()}` }));
