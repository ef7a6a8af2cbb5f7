/**
 * Requests answered before Fastify routes them. Fastify's per-request work (request and reply
 * objects, a child logger, every hook of the app) is small for an API call and most of the cost of
 * a scoring request; a concept whose route is that hot installs a front door for its own URLs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** Answers a request (true), or declines it (false) for Fastify to route as usual. */
export type FrontDoor = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Puts `door` in front of Fastify on the app's HTTP server; `app.inject` still goes to Fastify's routes. */
export function answerBeforeFastify(app: FastifyInstance, door: FrontDoor): void {
  const server = app.server;
  // Fastify attached its request handler when it created the server; it becomes the fallback.
  const fastify = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (door(req, res)) return;
    for (const listener of fastify) listener.call(server, req, res);
  });
}
