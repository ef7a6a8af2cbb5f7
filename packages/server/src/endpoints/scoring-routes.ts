/**
 * The scoring URL of every endpoint, mounted on the main server outside `/api/v1`:
 * `/endpoints/{workspace}/{name}/score` (POST, GET, OPTIONS), `/swagger.json`, `/` and `/readiness` (a
 * deployment serves) and `/liveness` (the gateway answers).
 * These routes are authenticated by the endpoint's own keys or tokens, never by workspace tokens —
 * a scoring client must not hold a credential that reaches the workspace — so they are not API
 * routes and the workspace route walk does not cover them; their own tests do.
 *
 * `/score` is the hot path: a request costs the gateway a few tens of µs of CPU, and Fastify's
 * per-request work (request and reply objects, child logger, the app's hooks, body parsing) cost as
 * much again. So the server answers it before Fastify sees it (`scoringFrontDoor`, installed on the
 * HTTP server by `answerBeforeFastify`), with `@cairn/serving`'s plain handler; the Fastify route
 * below hands requests that reach it anyway (`app.inject`) to the same function.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { messageBody, serveScoring, type GatewayOptions } from '@cairn/serving';
import { answerBeforeFastify } from '../http/front-door.js';

/** An endpoint as the scoring routes need it: the gateway's options (its key check and scorer), swagger and health. */
export interface ScoringTarget extends Omit<GatewayOptions, 'bodyLimit' | 'authorize'> {
  /** Whether the Authorization header carries a key (or token) of this endpoint. */
  authorize(authorization: string | undefined): boolean;
  /** The swagger document (from the sample input), or null. */
  swagger(): unknown | null;
  healthy(): boolean;
}

/** Finds endpoints by workspace and name. */
export interface ScoringDirectory {
  find(workspace: string, name: string): ScoringTarget | undefined;
}

type Params = { workspace: string; name: string };

/** A scoring URL's endpoint and query part (`?…` or empty), or null for any other URL. */
export function scoringUrl(url: string): { workspace: string; name: string; search: string } | null {
  // Every request of the server passes here: index arithmetic, no split or regex.
  if (!url.startsWith(PREFIX)) return null;
  const mark = url.indexOf('?');
  const end = mark < 0 ? url.length : mark;
  const slash = url.indexOf('/', PREFIX.length);
  const last = url.lastIndexOf('/', end - 1);
  if (slash <= PREFIX.length || last !== url.indexOf('/', slash + 1) || last <= slash + 1 || url.slice(last, end) !== '/score') return null;
  const workspace = decoded(url.slice(PREFIX.length, slash));
  const name = decoded(url.slice(slash + 1, last));
  return workspace === null || name === null ? null : { workspace, name, search: url.slice(end) };
}

const PREFIX = '/endpoints/';

function decoded(part: string): string | null {
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** Answers requests to `/endpoints/{w}/{name}/score` (true), or declines any other URL (false). */
export function scoringFrontDoor(directory: ScoringDirectory, bodyLimit: number): (req: IncomingMessage, res: ServerResponse) => boolean {
  // The gateway's options per endpoint target, built once: not an object per request.
  const options = new WeakMap<ScoringTarget, GatewayOptions>();
  const optionsOf = (target: ScoringTarget): GatewayOptions => {
    let made = options.get(target);
    if (!made) options.set(target, (made = { bodyLimit, authorize: target.authorize, score: target.score }));
    return made;
  };
  return (req, res) => {
    const found = scoringUrl(req.url ?? '/');
    if (!found) return false;
    const target = directory.find(found.workspace, found.name);
    if (!target) {
      req.resume();
      const body = notFound(found);
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': body.length, 'x-content-type-options': 'nosniff' }).end(body);
      return true;
    }
    serveScoring(req, res, optionsOf(target), found.search);
    return true;
  };
}

function notFound(params: Params): Buffer {
  return messageBody(`No endpoint ${params.name} in workspace ${params.workspace}`);
}

/** Mounts the scoring routes; `bodyLimit` bytes at most per request (413 above). */
export function registerScoringRoutes(app: FastifyInstance, directory: ScoringDirectory, bodyLimit: number): void {
  const frontDoor = scoringFrontDoor(directory, bodyLimit);
  answerBeforeFastify(app, frontDoor);
  app.register(async (scope) => {
    // The scoring handler reads the body itself: Fastify hands over the stream unread.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.route({ method: ['GET', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'], url: '/endpoints/:workspace/:name/score', handler: (req, reply) => {
      void reply.hijack();
      frontDoor(req.raw, reply.raw);
    } });
    scope.get<{ Params: Params; Querystring: { version?: string } }>('/endpoints/:workspace/:name/swagger.json', async (req, reply) => {
      const target = lookup(directory, req, reply);
      if (!target) return reply;
      // v1 serves ?version=2 (the default) and 3; this gateway writes Swagger 2 only, and says so as v1 does for a version it lacks.
      if ((req.query.version ?? '2') !== '2') return reply.code(404).send(messageBody(`Swagger version ${req.query.version} is not available: this endpoint serves version 2`));
      const doc = target.swagger();
      return doc === null ? reply.code(404).send({ message: 'This endpoint has no swagger document: deploy it with --sample-input' }) : doc;
    });
    // `/` as v1's server answers it, and `/readiness`: 200 once a deployment serves, else 503.
    for (const path of ['/', '/readiness']) {
      scope.get<{ Params: Params }>(`/endpoints/:workspace/:name${path}`, async (req, reply) => {
        const target = lookup(directory, req, reply);
        if (!target) return reply;
        return reply.code(target.healthy() ? 200 : 503).type('text/plain').send(target.healthy() ? 'Healthy' : 'Unhealthy');
      });
    }
    // `/liveness`: the gateway answers for this endpoint, whatever its deployments do.
    scope.get<{ Params: Params }>('/endpoints/:workspace/:name/liveness', async (req, reply) => {
      const target = lookup(directory, req, reply);
      return target ? reply.type('text/plain').send('Alive') : reply;
    });
  });
}

function lookup(directory: ScoringDirectory, req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): ScoringTarget | undefined {
  const target = directory.find(req.params.workspace, req.params.name);
  if (!target) void reply.code(404).type('application/json').send(notFound(req.params));
  return target;
}
