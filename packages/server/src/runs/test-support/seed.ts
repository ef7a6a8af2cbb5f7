/**
 * Writes what the HTTP API cannot (yet) set straight into a test server's database: metric
 * series (the metrics store is someone else's) and creation times (to make ties on purpose).
 */
import type { TestServer } from '../../test-support/test-server.js';

/** Sets the latest value of a metric for a run; `null` stands for a last value that is not a number. */
export async function setMetric(server: TestServer, runId: string, name: string, latest: number | null): Promise<void> {
  await server.metadata.db.insertInto('metric_series').values({
    run_id: runId, name, kind: 'scalar', columns: null, count: 1, latest: latest === null ? '"NaN"' : JSON.stringify(latest),
    latest_number: latest, latest_step: 0, latest_time: 0,
  }).execute();
}

/** Moves a run's creation time. */
export async function setCreatedAt(server: TestServer, runId: string, createdAt: number): Promise<void> {
  await server.metadata.db.updateTable('runs').set({ created_at: createdAt }).where('id', '=', runId).execute();
}
