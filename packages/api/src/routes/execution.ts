/**
 * Executing runs: submit a run configuration, what the runner reads and reports (spec, heartbeats,
 * logs, granted secrets), and reading logs whole or live. Run-scoped tokens reach these routes for
 * their own run only.
 */
import { z } from 'zod';
import { Time, WorkspaceParams } from '../common.js';
import { nameSchema } from '../names.js';
import { defineRoute } from '../route.js';
import { RunConfigSchema } from '../run-config.js';
import { Run, RunParams } from './runs.js';

const stringMap = z.record(z.string().min(1), z.string().nullable());

export const SubmitRun = z.object({
  experiment: nameSchema('experiment'),
  runConfig: RunConfigSchema,
  /** A snapshot recorded with `snapshots.create`; the script must be one of its files. */
  snapshotId: z.string().min(1).max(100),
  displayName: z.string().max(256).optional(),
  description: z.string().max(5000).default(''),
  tags: stringMap.default({}),
  properties: stringMap.default({}),
  parentRunId: z.string().optional(),
});
export type SubmitRun = z.input<typeof SubmitRun>;

/** What the runner needs to run a run: its configuration, code, environment and variables. */
export const RunSpec = z.object({
  runId: z.string(),
  workspace: z.string(),
  experiment: z.string(),
  runConfig: RunConfigSchema,
  snapshotId: z.string(),
  /** The environment reference and, unless it is `system`, its resolved specification. */
  environment: z.object({ ref: z.string(), spec: z.unknown().nullable() }),
  /** Variables the script sees besides the run configuration's own (CAIRN_*, AZUREML_*). */
  variables: z.record(z.string(), z.string()),
  /** How often the runner must send a heartbeat. */
  heartbeatSeconds: z.number(),
});
export type RunSpec = z.infer<typeof RunSpec>;

export const LogStream = z.enum(['stdout', 'stderr', 'system']);
export type LogStream = z.infer<typeof LogStream>;

export const AppendLogs = z.object({
  stream: LogStream,
  rank: z.number().int().min(0).max(100_000).default(0),
  lines: z.array(z.string().max(65_536)).max(10_000),
  /** Chosen by the runner; a batch sent again under the same key is stored once. */
  batchKey: z.string().min(1).max(200),
  /** When the first line was read, epoch ms (server time when absent). */
  time: Time.optional(),
});

/** One stored log line; `cursor` orders the lines of a run and resumes a read after it. */
export const LogLine = z.object({ cursor: z.number().int(), stream: LogStream, rank: z.number().int(), text: z.string(), time: Time });
export type LogLine = z.infer<typeof LogLine>;

export const LogQuery = z.object({
  rank: z.coerce.number().int().min(0).optional(),
  stream: LogStream.optional(),
  /** Only lines after this cursor. */
  after: z.coerce.number().int().min(0).optional(),
  top: z.coerce.number().int().min(1).max(100_000).default(10_000),
});

export const Heartbeat = z.object({
  /** Optional progress words shown as the status reason while the run waits (`building environment x:1`). */
  statusReason: z.string().max(1000).optional(),
});

export const HeartbeatAnswer = z.object({ cancelRequested: z.boolean(), status: z.string() });

const SecretParams = RunParams.extend({ name: z.string().min(1).max(127) });

export const executionRoutes = {
  submit: defineRoute({
    id: 'execution.submit', method: 'POST', path: '/workspaces/{workspace}/runs/submit',
    summary: 'Submit a run: check its compute target, environment, snapshot, script and secrets, then queue it',
    action: 'runs.write', params: WorkspaceParams, body: SubmitRun, response: Run, status: 201,
  }),
  spec: defineRoute({
    id: 'execution.spec', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/spec',
    summary: "A submitted run's specification, as its runner reads it", action: 'runs.read', params: RunParams, response: RunSpec,
  }),
  heartbeat: defineRoute({
    id: 'execution.heartbeat', method: 'POST', path: '/workspaces/{workspace}/runs/{runId}/heartbeat',
    summary: 'The runner is alive; the answer says whether the run should stop', action: 'runs.write',
    params: RunParams, body: Heartbeat, response: HeartbeatAnswer,
  }),
  appendLogs: defineRoute({
    id: 'execution.appendLogs', method: 'POST', path: '/workspaces/{workspace}/runs/{runId}/logs',
    summary: 'Append a batch of log lines of one stream and rank (idempotent by batch key)', action: 'runs.write',
    params: RunParams, body: AppendLogs, response: z.object({ stored: z.number().int() }),
  }),
  logs: defineRoute({
    id: 'execution.logs', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/logs',
    summary: "A run's log lines, in order, optionally one rank or stream, after a cursor", action: 'runs.read',
    params: RunParams, query: LogQuery, response: z.object({ items: z.array(LogLine), nextCursor: z.number().int().optional() }),
  }),
  followLogs: defineRoute({
    id: 'execution.followLogs', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/logs/follow',
    summary: 'Follow a run live as Server-Sent Events: `line` per log line, `status` on status changes, `end` once the run ended and its log drained',
    action: 'runs.read', params: RunParams, query: LogQuery.omit({ top: true }), responseKind: 'bytes',
  }),
  secret: defineRoute({
    id: 'execution.secret', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/secrets/{name}',
    summary: "Read a vault secret the run's configuration grants (run tokens only; each read is recorded on the run)",
    action: 'secrets.read-value', params: SecretParams, response: z.object({ name: z.string(), value: z.string() }),
  }),
};

/** Server-Sent Event payloads of `execution.followLogs`. */
export interface FollowEvents {
  line: LogLine;
  status: { status: string; statusReason: string | null; error: { code: string; message: string } | null };
  end: { status: string };
}


