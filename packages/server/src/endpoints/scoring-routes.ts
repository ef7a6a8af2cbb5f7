/**
 * The scoring URL of every endpoint, mounted on the main server outside `/api/v1`:
 * `/endpoints/{workspace}/{name}/score` (POST, GET, OPTIONS), `/swagger.json`, `/` and `/readiness` (a
 * deployment serves) and `/liveness` (the gateway answers).
 * These routes are authenticated by the endpoint's own keys or tokens, never by workspace tokens —
 * a scoring client must not hold a credential that reaches the workspace — so they are not API
 * routes and the workspace route walk does not cover them; their own tests do.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerScoring, messageBody, type ScoreOutcome } from '@cairn/serving';

/** An endpoint as the scoring routes need it. */
export interface ScoringTarget {
  /** Whether the Authorization header carries a key (or token) of this endpoint. */
  authorize(authorization: string | undefined): boolean;
  score(body: Buffer): Promise<ScoreOutcome>;
  /** The swagger document (from the sample input), or null. */
  swagger(): unknown | null;
  healthy(): boolean;
}

/** Finds endpoints by workspace and name. */
export interface ScoringDirectory {
  find(workspace: string, name: string): ScoringTarget | undefined;
}

type Params = { workspace: string; name: string };

/** Mounts the scoring routes; `bodyLimit` bytes at most per request (413 above). */
export function registerScoringRoutes(app: FastifyInstance, directory: ScoringDirectory, bodyLimit: number): void {
  app.register(async (scope) => {
    // Bodies reach run() as they came: no JSON parsing by the server.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((error: { statusCode?: number }, _req, reply) => {
      const status = error.statusCode === 413 ? 413 : 500;
      void reply.code(status).type('application/json').send(messageBody(status === 413 ? `The request body is over the ${bodyLimit} byte limit` : 'An unexpected internal error occurred.'));
    });
    scope.route<{ Params: Params }>({ method: ['GET', 'POST', 'OPTIONS'], url: '/endpoints/:workspace/:name/score', handler: (req, reply) => score(directory, req, reply) });
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
  if (!target) void reply.code(404).type('application/json').send(messageBody(`No endpoint ${req.params.name} in workspace ${req.params.workspace}`));
  return target;
}

async function score(directory: ScoringDirectory, req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<FastifyReply> {
  const target = lookup(directory, req, reply);
  if (!target) return reply;
  if (req.method !== 'OPTIONS' && !target.authorize(req.headers.authorization)) {
    return reply.code(401).type('application/json').send(messageBody('Unauthorized: pass an endpoint key or token as "Authorization: Bearer <key>"'));
  }
  const query = new URLSearchParams(req.raw.url?.split('?')[1] ?? '');
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const answer = await answerScoring({ method: req.method, headers: req.headers, query, body }, (b) => target.score(b));
  return reply.code(answer.status).headers(answer.headers).send(answer.body);
}
