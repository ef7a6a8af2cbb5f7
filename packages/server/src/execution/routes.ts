import type { FastifyInstance } from 'fastify';
import { api } from '@cairn/api';
import { implement, type RouteEnv } from '../http/implement.js';
import type { RunService } from '../runs/run-service.js';
import type { ExecutionService } from './execution-service.js';
import { followRun } from './follow.js';
import type { LogHub } from './log-hub.js';
import type { LogStore } from './log-store.js';

export interface ExecutionRouteDeps {
  execution: ExecutionService;
  runs: RunService;
  logs: LogStore;
  hub: LogHub;
  followPollMs: number;
}

/** Registers the execution routes. */
export function registerExecutionRoutes(app: FastifyInstance, env: RouteEnv, deps: ExecutionRouteDeps): void {
  const { execution } = deps;
  implement(app, env, api.execution.submit, async ({ workspace, principal, body }) => execution.submit(workspace, principal, body));
  implement(app, env, api.execution.spec, async ({ workspace, params }) => execution.spec(workspace, params.runId));
  implement(app, env, api.execution.heartbeat, async ({ workspace, params, body }) => execution.heartbeat(workspace, params.runId, body.statusReason));
  implement(app, env, api.execution.appendLogs, async ({ workspace, params, body }) => execution.appendLogs(workspace, params.runId, body));
  implement(app, env, api.execution.logs, async ({ workspace, params, query }) => execution.logs(workspace, params.runId, query));
  implement(app, env, api.execution.secret, async ({ workspace, principal, params }) => execution.secret(workspace, principal, params.runId, params.name));
  implement(app, env, api.execution.followLogs, async ({ workspace, params, query, reply }) => {
    await deps.runs.require(workspace, params.runId);
    const submitted = await execution.require(workspace, params.runId).then(() => true, () => false);
    await followRun(reply, { logs: deps.logs, hub: deps.hub, run: () => deps.runs.get(workspace, params.runId), pollMs: deps.followPollMs, submitted },
      { runId: params.runId, rank: query?.rank, stream: query?.stream, after: query?.after });
    return reply;
  });
}
