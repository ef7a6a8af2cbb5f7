import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import { sendFile } from '../files/download.js';
import type { SnapshotService } from './snapshot-service.js';

function requestBody(request: FastifyRequest): Readable {
  return request.body instanceof Readable ? request.body : request.raw;
}

/** Registers the blob and snapshot routes (HTTP only; the rules are in `SnapshotService`). */
export function registerSnapshotRoutes(app: FastifyInstance, env: RouteEnv, snapshots: SnapshotService): void {
  implement(app, env, api.blobs.missing, async ({ body, workspace }) => ({ missing: await snapshots.missing(workspace, body.sha256) }));
  implement(app, env, api.blobs.upload, async ({ params, workspace, request, reply }) => {
    try {
      return reply.code(201).send(await snapshots.upload(workspace, params.sha256, requestBody(request)));
    } catch (error) {
      if (request.raw.complete || !request.raw.destroyed) throw error;
      request.log.info({ sha256: params.sha256 }, 'blob upload aborted by the client; nothing recorded');
      return reply.hijack();
    }
  });
  implement(app, env, api.blobs.download, async ({ params, workspace, request, reply }) => {
    const size = await snapshots.blobSize(workspace, params.sha256);
    const file = { path: params.sha256, size, sha256: params.sha256, contentType: 'application/octet-stream', createdAt: 0 };
    return sendFile(request, reply, file, (range) => snapshots.read(params.sha256, range));
  });
  implement(app, env, api.snapshots.create, async ({ body, workspace, reply }) => {
    const { created, ...summary } = await snapshots.create(workspace, body.files);
    return reply.code(created ? 201 : 200).send(summary);
  });
  implement(app, env, api.snapshots.get, async ({ params, workspace }) => snapshots.get(workspace, params.snapshotId));
}
