/**
 * Binds a route declared in `@cairn/api` to a handler: authentication, input validation with the
 * route's zod schemas, workspace resolution and authorization happen here, once, for every route.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { InputError, type RouteDef, type RouteOutput } from '@cairn/api';
import { authorize, type Principal } from '../auth/principal.js';
import { authenticateRequest } from '../auth/request-auth.js';
import type { SessionService } from '../auth/session-service.js';
import { noRunTokens, type RunScope } from '../auth/run-scope.js';
import type { TokenService } from '../auth/token-service.js';

export interface WorkspaceRef {
  id: number;
  name: string;
}

/** What the route layer needs from the rest of the server. */
export interface RouteEnv {
  tokens: TokenService;
  /** Studio sessions; without them only bearer tokens are accepted. */
  sessions?: SessionService;
  resolveWorkspace(name: string): Promise<WorkspaceRef>;
  /** Decides what run-scoped tokens reach; without it they reach nothing. */
  runScope?: RunScope;
}

export interface HandlerContext<R extends RouteDef> {
  params: z.output<R['params']>;
  query: z.output<R['query']>;
  body: z.output<R['body']>;
  principal: Principal;
  /** The workspace named by the `{workspace}` path parameter, when the route has one. */
  workspace: WorkspaceRef;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A handler returns the response (json routes), nothing (empty routes) or the reply it has sent. */
export type Handler<R extends RouteDef> = (ctx: HandlerContext<R>) => Promise<RouteOutput<R> | FastifyReply | void>;

const implemented = new WeakMap<FastifyInstance, Set<string>>();

/** Ids of the routes registered on an app, so a test can prove none is missing. */
export function implementedRoutes(app: FastifyInstance): ReadonlySet<string> {
  return implemented.get(rootOf(app)) ?? new Set();
}

// A plugin scope is an Object.create() of its parent: routes registered in one count for the app.
function rootOf(app: FastifyInstance): FastifyInstance {
  let root = app;
  while (Object.getPrototypeOf(root) !== Object.prototype) root = Object.getPrototypeOf(root) as FastifyInstance;
  return root;
}

function fastifyPath(path: string): string {
  return `/api/v1${path.replace(/\{(\w+)\+\}/g, '*').replace(/\{(\w+)\}/g, ':$1')}`;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message }));
  const isName = result.error.issues.some((i) => (i as { params?: { code?: string } }).params?.code === 'INVALID_NAME');
  const summary = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new InputError(isName ? 'INVALID_NAME' : 'INVALID_INPUT', `invalid ${where}: ${summary}`, { issues });
}

function rawParams(route: RouteDef, request: FastifyRequest): Record<string, string> {
  const params = { ...(request.params as Record<string, string>) };
  const rest = /\{(\w+)\+\}/.exec(route.path)?.[1];
  if (rest) {
    params[rest] = params['*'] ?? '';
    delete params['*'];
  }
  return params;
}

/** Registers `handler` for `route` on the app. */
export function implement<R extends RouteDef>(app: FastifyInstance, env: RouteEnv, route: R, handler: Handler<R>): void {
  const root = rootOf(app);
  implemented.get(root) ?? implemented.set(root, new Set());
  implemented.get(root)!.add(route.id);
  const hasParams = !(route.params as z.ZodType).safeParse(undefined).success;
  app.route({
    method: route.method,
    url: fastifyPath(route.path),
    config: { cairnRoute: route },
    handler: async (request, reply) => {
      const principal = await authenticateRequest(env.tokens, env.sessions, request);
      const params = hasParams ? parse(route.params, rawParams(route, request), 'path') : undefined;
      const query = parse(route.query, route.query.safeParse(undefined).success && isEmpty(request.query) ? undefined : request.query, 'query');
      const workspaceName = (params as { workspace?: string } | undefined)?.workspace;
      const workspace = workspaceName === undefined ? null : await env.resolveWorkspace(workspaceName);
      if (route.action !== 'authenticated' && principal.runId === null) authorize(principal, route.action, workspace);
      const body = route.bodyKind === 'stream' ? undefined : parse(route.body, request.body ?? undefined, 'body');
      if (principal.runId !== null) {
        await (env.runScope ?? noRunTokens).authorize({ principal: principal as Principal & { runId: string }, route, params: params as Record<string, unknown>, body, workspace });
      }
      const ctx = { params, query, body, principal, workspace: workspace!, request, reply } as HandlerContext<R>;
      const result = await handler(ctx);
      if (result === reply || reply.sent) return reply;
      if (route.responseKind === 'empty') return reply.code(204).send();
      return reply.code(route.status).send(result);
    },
  });
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0);
}
