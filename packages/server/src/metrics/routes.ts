import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AuthError, api } from '@cairn/api';
import type { Principal } from '../auth/principal.js';
import { implement, type RouteEnv } from '../http/implement.js';
import type { MetricService } from './metric-service.js';
import type { WireColumns } from './series-columns.js';

/** Registers the metric routes. */
export function registerMetricRoutes(app: FastifyInstance, env: RouteEnv, metrics: MetricService): void {
  implement(app, env, api.metrics.logBatch, async ({ params, body, principal, workspace }) => {
    reachesRun(principal, params.runId);
    return metrics.log(workspace, params.runId, body);
  });
  implement(app, env, api.metrics.list, async ({ params, principal, workspace }) => {
    reachesRun(principal, params.runId);
    return { items: await metrics.list(workspace, params.runId) };
  });
  implement(app, env, api.metrics.series, async ({ params, query, principal, workspace }) => {
    reachesRun(principal, params.runId);
    return metrics.series(workspace, params.runId, params.name, query);
  });
  implement(app, env, api.metrics.points, async ({ params, principal, workspace, reply }) => {
    reachesRun(principal, params.runId);
    const blocks = await metrics.points(workspace, params.runId, params.name);
    return reply.type('application/x-ndjson').send(Readable.from(ndjson(blocks)));
  });
  implement(app, env, api.metrics.latest, async ({ body, principal, workspace }) => {
    for (const runId of body.runIds) reachesRun(principal, runId);
    return { runs: await metrics.latest(workspace, body.runIds, body.names) };
  });
}

/** A run-scoped token (a runner's) reaches its own run only. */
function reachesRun(principal: Principal, runId: string): void {
  if (principal.runId !== null && principal.runId !== runId) {
    throw new AuthError('FORBIDDEN', `this token belongs to run ${principal.runId} and cannot reach run ${runId}`);
  }
}

async function* ndjson(blocks: AsyncGenerator<WireColumns>): AsyncGenerator<string> {
  for await (const block of blocks) yield `${JSON.stringify(block)}\n`;
}
