import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import { useScreenedJsonParser } from './json-body.js';
import type { MetricService } from './metric-service.js';
import type { WireColumns } from './series-columns.js';

// Run-scoped tokens (a runner's) are held to their run and its children by implement()'s run scope.

/** Registers the metric routes. */
export function registerMetricRoutes(app: FastifyInstance, env: RouteEnv, metrics: MetricService): void {
  // Its own scope, for a JSON parser that skips Fastify's poisoning scans on bodies that cannot need them.
  void app.register(async (scope) => {
    useScreenedJsonParser(scope);
    implement(scope, env, api.metrics.logBatch, async ({ params, body, workspace }) => metrics.log(workspace, params.runId, body));
  });
  implement(app, env, api.metrics.list, async ({ params, workspace }) => ({ items: await metrics.list(workspace, params.runId) }));
  implement(app, env, api.metrics.series, async ({ params, query, workspace }) => metrics.series(workspace, params.runId, params.name, query));
  implement(app, env, api.metrics.points, async ({ params, workspace, reply }) => {
    const blocks = await metrics.points(workspace, params.runId, params.name);
    return reply.type('application/x-ndjson').send(Readable.from(ndjson(blocks)));
  });
  implement(app, env, api.metrics.latest, async ({ body, workspace }) => ({ runs: await metrics.latest(workspace, body.runIds, body.names) }));
}

async function* ndjson(blocks: AsyncGenerator<WireColumns>): AsyncGenerator<string> {
  for await (const block of blocks) yield `${JSON.stringify(block)}\n`;
}
