import type { FastifyInstance } from 'fastify';
import { api, NotFoundError } from '@cairn/api';
import { contentTypeOf } from '../files/content-types.js';
import { sendFile } from '../files/download.js';
import { implement, type RouteEnv } from '../http/implement.js';
import type { ModelService } from './model-service.js';

/** Registers the model registry routes. */
export function registerModelRoutes(app: FastifyInstance, env: RouteEnv, models: ModelService): void {
  const m = api.models;
  implement(app, env, m.register, async ({ workspace, principal, body }) => models.register(workspace, principal, body));
  implement(app, env, m.list, async ({ workspace, query }) => models.list(workspace, query));
  implement(app, env, m.get, async ({ workspace, params }) => models.detail(workspace, params.ref));
  implement(app, env, m.update, async ({ workspace, principal, params, body }) => models.update(workspace, principal, params.name, params.version, body));
  implement(app, env, m.delete, async ({ workspace, principal, params }) => models.delete(workspace, principal, params.name, params.version));
  implement(app, env, m.download, async ({ workspace, params, request, reply }) => {
    const model = await models.resolve(workspace, `${params.name}:${params.version}`);
    const file = (await models.files(model)).find((f) => f.path === params.path);
    if (!file) throw new NotFoundError('FILE_NOT_FOUND', `model ${params.name}:${params.version} has no file ${params.path}; \`cairn model show ${params.name}:${params.version}\` lists its files`);
    const shown = { ...file, contentType: contentTypeOf(file.path), createdAt: model.createdAt };
    return sendFile(request, reply, shown, (range) => models.read(file, range));
  });
  implement(app, env, m.aliases, async ({ workspace, params }) => ({ items: await models.aliases(workspace, params.name) }));
  implement(app, env, m.setAlias, async ({ workspace, principal, params, body }) => models.setAlias(workspace, principal, params.name, params.alias, body.version));
  implement(app, env, m.deleteAlias, async ({ workspace, principal, params }) => models.deleteAlias(workspace, principal, params.name, params.alias));
  implement(app, env, m.workspaceEvents, async ({ workspace, query }) => ({ items: await models.events(workspace, null, query?.after) }));
  implement(app, env, m.events, async ({ workspace, params, query }) => ({ items: await models.events(workspace, params.name, query?.after) }));
}
