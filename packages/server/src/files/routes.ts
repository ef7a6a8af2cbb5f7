import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { api, AuthError, type RouteDef } from '@cairn/api';
import type { Principal } from '../auth/principal.js';
import { implement, type RouteEnv } from '../http/implement.js';
import { attachment, noSniff, sendFile, sendUnbuffered } from './download.js';
import type { FileService } from './file-service.js';
import { zipFiles } from './zip-archive.js';

/**
 * Stream routes take the body as bytes whatever its Content-Type says: a `.json` file sent as
 * application/json must reach the content store as sent, not parsed and limited by bodyLimit.
 */
function takeStreamBodiesRaw(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const route = (request.routeOptions.config as { cairnRoute?: RouteDef }).cairnRoute;
    if (route?.bodyKind === 'stream') request.raw.headers['content-type'] = 'application/octet-stream';
  });
}

function requestBody(request: FastifyRequest): Readable {
  return request.body instanceof Readable ? request.body : request.raw;
}

/** A run token reaches its own run only. */
function requireRunScope(principal: Principal, runId: string): void {
  if (principal.runId === null || principal.runId === runId) return;
  throw new AuthError('FORBIDDEN', `this token belongs to run ${principal.runId} and cannot reach the files of run ${runId}`);
}

/** Registers the run file routes: upload, list, download and archive. */
export function registerFileRoutes(app: FastifyInstance, env: RouteEnv, files: FileService): void {
  takeStreamBodiesRaw(app);
  implement(app, env, api.files.upload, async ({ params, query, principal, workspace, request, reply }) => {
    requireRunScope(principal, params.runId);
    try {
      const { file, created } = await files.upload(workspace, params.runId, params.path, requestBody(request), query.overwrite === 'true');
      return reply.code(created ? 201 : 200).send(file);
    } catch (error) {
      if (request.raw.complete || !request.raw.destroyed) throw error;
      // The client went away mid-upload: nothing was kept, and there is no one left to answer.
      request.log.info({ runId: params.runId, path: params.path }, 'upload aborted by the client; nothing kept');
      return reply.hijack();
    }
  });
  implement(app, env, api.files.list, async ({ params, query, principal, workspace }) => {
    requireRunScope(principal, params.runId);
    return { items: await files.list(workspace, params.runId, query.prefix) };
  });
  implement(app, env, api.files.download, async ({ params, principal, workspace, request, reply }) => {
    requireRunScope(principal, params.runId);
    const file = await files.find(workspace, params.runId, params.path);
    return sendFile(request, reply, file, (range) => files.read(file, range));
  });
  implement(app, env, api.files.archive, async ({ params, query, principal, workspace, request, reply }) => {
    requireRunScope(principal, params.runId);
    const pages = await files.pages(workspace, params.runId, query.prefix);
    noSniff(reply).header('content-type', 'application/zip').header('content-disposition', attachment(`${params.runId}.zip`));
    if (request.method === 'HEAD') return reply.send(Readable.from([]));
    return sendUnbuffered(request, reply, zipFiles(pages, (file) => files.read(file)));
  });
}
