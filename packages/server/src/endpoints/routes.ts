/** The endpoint management routes (HTTP only; the rules are in EndpointService). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv, type WorkspaceRef } from '../http/implement.js';
import type { EndpointLogs, LogRead } from './endpoint-logs.js';
import type { EndpointRegistry } from './endpoint-registry.js';
import type { EndpointService } from './endpoint-service.js';

/** The server's URL as the caller reached it, for scoring and swagger URLs. */
function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Registers the endpoint routes. */
export function registerEndpointRoutes(app: FastifyInstance, env: RouteEnv, endpoints: EndpointService, registry: EndpointRegistry, logs: EndpointLogs): void {
  const e = api.endpoints;
  implement(app, env, e.create, async ({ workspace, principal, body, request }) => endpoints.create(workspace, principal, body, origin(request)));
  implement(app, env, e.list, async ({ workspace, request }) => ({ items: await endpoints.list(workspace, origin(request)) }));
  implement(app, env, e.get, async ({ workspace, params, request }) => endpoints.get(workspace, params.name, origin(request)));
  implement(app, env, e.delete, async ({ workspace, params }) => endpoints.delete(workspace, params.name));
  implement(app, env, e.deploy, async ({ workspace, params, body, request }) => endpoints.deploy(workspace, params.name, params.deployment, body, origin(request)));
  implement(app, env, e.deleteDeployment, async ({ workspace, params }) => endpoints.deleteDeployment(workspace, params.name, params.deployment));
  implement(app, env, e.setTraffic, async ({ workspace, params, body, request }) => endpoints.setTraffic(workspace, params.name, body.traffic, origin(request)));
  implement(app, env, e.logs, async ({ workspace, params, query }) => {
    await endpoints.find(workspace, params.name);
    return { items: logs.read(workspace.id, params.name, query) };
  });
  implement(app, env, e.followLogs, async ({ workspace, params, query, reply }) => {
    await endpoints.find(workspace, params.name);
    follow(reply, logs, workspace, params.name, query);
    return reply;
  });
  implement(app, env, e.keys, async ({ workspace, params }) => endpoints.keys(workspace, params.name));
  implement(app, env, e.regenerateKey, async ({ workspace, params, body }) => endpoints.regenerateKey(workspace, params.name, body.key));
  implement(app, env, e.token, async ({ workspace, params }) => endpoints.token(workspace, params.name));
  implement(app, env, e.metrics, async ({ workspace, params }) => ({ items: await endpoints.metrics(workspace, params.name) }));
  implement(app, env, e.prometheus, async ({ workspace, query, reply }) => {
    if (query?.endpoint !== undefined) await endpoints.find(workspace, query.endpoint);
    return reply.type('text/plain; version=0.0.4').send(registry.prometheus(workspace.name, query?.endpoint));
  });
  implement(app, env, e.modelData, async ({ workspace, params, query }) => ({ items: await endpoints.modelData(workspace, params.name, query.deployment, query.tail) }));
  implement(app, env, e.invoke, async ({ workspace, params, body }) => endpoints.invoke(workspace, params.name, body.body, body.deployment));
}

/** Server-Sent Events: the lines so far (after `after`, the last `tail`), then each new one until the client leaves. */
function follow(reply: FastifyReply, logs: EndpointLogs, workspace: WorkspaceRef, endpoint: string, query: LogRead): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  const send = (line: unknown) => raw.write(`event: line\ndata: ${JSON.stringify(line)}\n\n`);
  for (const line of logs.read(workspace.id, endpoint, query)) send(line);
  // A comment now and then keeps proxies from closing a quiet stream.
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
  const unsubscribe = logs.subscribe(workspace.id, endpoint, {
    line: (line) => (query.deployment === undefined || line.deployment === query.deployment) && send(line),
    // The endpoint was deleted or the server stops: end the stream so nothing waits on it.
    end: () => raw.end(),
  });
  raw.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}
