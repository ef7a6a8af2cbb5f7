import type { FastifyInstance } from 'fastify';
import { api, InputError } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import type { DatasetService } from './dataset-service.js';

/** Registers the dataset routes. */
export function registerDatasetRoutes(app: FastifyInstance, env: RouteEnv, datasets: DatasetService): void {
  const d = api.datasets;
  implement(app, env, d.create, async ({ workspace, principal, body, reply }) => {
    const dataset = await datasets.create(workspace, principal, body);
    return reply.code(dataset.created ? 201 : 200).send(dataset);
  });
  implement(app, env, d.list, async ({ workspace, query }) => ({ items: await datasets.list(workspace, query.name) }));
  implement(app, env, d.get, async ({ workspace, params }) => datasets.detail(workspace, params.ref));
  implement(app, env, d.files, async ({ workspace, params }) => ({ items: await datasets.files(workspace, params.ref) }));
  implement(app, env, d.csv, async ({ workspace, params, reply }) =>
    reply.type('text/csv; charset=utf-8').header('x-content-type-options', 'nosniff').send(await datasets.csv(workspace, params.ref)));
  implement(app, env, d.diff, async ({ workspace, params, query }) => {
    if (!query.to) throw new InputError('INVALID_INPUT', 'diff needs ?to=NAME:VERSION');
    return datasets.diff(workspace, params.ref, query.to);
  });
  implement(app, env, d.linkRun, async ({ workspace, params, body }) => datasets.linkRun(workspace, body.ref, params.runId, body.direction, body.name));
  implement(app, env, d.delete, async ({ workspace, params }) => datasets.delete(workspace, params.name, params.version));
}
