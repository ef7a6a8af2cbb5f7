import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { api, NotFoundError } from '@cairn/api';
import { contentTypeOf } from '../files/content-types.js';
import { sendFile } from '../files/download.js';
import { implement, type RouteEnv } from '../http/implement.js';
import { datastorePath, listFiles, readFile, uploadFile } from './datastore-files.js';
import type { DatastoreService } from './datastore-service.js';

const bodyOf = (request: FastifyRequest): Readable => (request.body instanceof Readable ? request.body : request.raw);

/** Registers the datastore routes. */
export function registerDatastoreRoutes(app: FastifyInstance, env: RouteEnv, datastores: DatastoreService): void {
  const d = api.datastores;
  implement(app, env, d.register, async ({ workspace, body }) => datastores.register(workspace, body));
  implement(app, env, d.list, async ({ workspace }) => ({ items: await datastores.list(workspace) }));
  implement(app, env, d.get, async ({ workspace, params }) => datastores.get(workspace, params.name));
  implement(app, env, d.setDefault, async ({ workspace, params }) => datastores.setDefault(workspace, params.name));
  implement(app, env, d.delete, async ({ workspace, params }) => datastores.delete(workspace, params.name));
  implement(app, env, d.files, async ({ workspace, params, query }) => {
    const { store } = await datastores.open(workspace, params.name);
    return { items: await listFiles(store, query.prefix ?? '') };
  });
  implement(app, env, d.upload, async ({ workspace, params, query, request, reply }) => {
    const { store } = await datastores.open(workspace, params.name);
    return reply.code(201).send(await uploadFile(store, params.path, bodyOf(request), query.sha256));
  });
  implement(app, env, d.download, async ({ workspace, params, request, reply }) => {
    const { store } = await datastores.open(workspace, params.name);
    const info = await store.head(datastorePath(params.path));
    if (!info) throw new NotFoundError('FILE_NOT_FOUND', `datastore ${params.name} has no file ${params.path}`);
    const file = { path: info.key, size: info.size, sha256: `${info.size}-${encodeURIComponent(info.key)}`, contentType: contentTypeOf(info.key), createdAt: 0 };
    return sendFile(request, reply, file, (range) => readFile(store, params.path, range));
  });
}
