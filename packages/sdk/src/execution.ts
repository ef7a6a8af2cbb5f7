/** Executing runs: submit, the runner's calls (spec, heartbeat, logs, secrets), and following logs live. */
import { api, type ComputeTarget, type CreateComputeTarget, type UpdateComputeTarget, type FollowEvents, type LogLine, type Run, type RunSpec, type SubmitRun } from '@cairn/api';
import type { DownloadStream, Transport } from './transport.js';
import type { BodyOf, QueryOf } from './types.js';

/** One Server-Sent Event of a followed run. */
export type FollowEvent = { [K in keyof FollowEvents]: { event: K; data: FollowEvents[K] } }[keyof FollowEvents];

/** Execution methods of a workspace. */
export class ExecutionApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** Submits a run configuration over a recorded snapshot; the run answers `Queued`. */
  submit(body: SubmitRun): Promise<Run> {
    return this.transport.call(api.execution.submit, { params: { workspace: this.workspace }, body });
  }

  /** What the runner of a run reads: config, snapshot, environment, variables. */
  spec(runId: string): Promise<RunSpec> {
    return this.transport.call(api.execution.spec, { params: this.params(runId) });
  }

  /** Tells the server the runner is alive; answers whether the run should stop. */
  heartbeat(runId: string, body: BodyOf<typeof api.execution.heartbeat> = {}): Promise<{ cancelRequested: boolean; status: string }> {
    return this.transport.call(api.execution.heartbeat, { params: this.params(runId), body });
  }

  /** Appends a batch of log lines; the same batch key again stores nothing more. */
  appendLogs(runId: string, body: BodyOf<typeof api.execution.appendLogs>): Promise<{ stored: number }> {
    return this.transport.call(api.execution.appendLogs, { params: this.params(runId), body });
  }

  /** Log lines stored so far, after a cursor. */
  logs(runId: string, query: QueryOf<typeof api.execution.logs> = {}): Promise<{ items: LogLine[]; nextCursor?: number }> {
    return this.transport.call(api.execution.logs, { params: this.params(runId), query });
  }

  /** Follows a run live: log lines, status changes, and `end` once it ended and its log drained. */
  async *follow(runId: string, query: QueryOf<typeof api.execution.followLogs> = {}, signal?: AbortSignal): AsyncGenerator<FollowEvent> {
    const stream = await this.transport.download(api.execution.followLogs, { params: this.params(runId), query });
    signal?.addEventListener('abort', () => stream.destroy(), { once: true });
    yield* parseSse(stream as AsyncIterable<Buffer>);
  }

  /** A vault secret the run's configuration grants (run tokens only). */
  async secret(runId: string, name: string): Promise<string> {
    return (await this.transport.call(api.execution.secret, { params: { ...this.params(runId), name } })).value;
  }

  private params(runId: string) {
    return { workspace: this.workspace, runId };
  }
}

/** Compute targets of a workspace. */
export class ComputeApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** Every compute target with its capacity and load. */
  async list(): Promise<ComputeTarget[]> {
    return (await this.transport.call(api.compute.list, { params: { workspace: this.workspace } })).items;
  }

  /** One compute target. */
  get(name: string): Promise<ComputeTarget> {
    return this.transport.call(api.compute.get, { params: { workspace: this.workspace, name } });
  }

  /** Creates a Slurm compute target; its partition and account are checked against the cluster. */
  create(target: CreateComputeTarget): Promise<ComputeTarget> {
    return this.transport.call(api.compute.create, { params: { workspace: this.workspace }, body: target });
  }

  /** The runner bundle (tar.gz) a compute node fetches for a run: the current one, or RUNNER_BUNDLE_NOT_FOUND when `version` is another. */
  runnerBundle(runId: string, version?: string): Promise<DownloadStream> {
    return this.transport.download(api.compute.runnerBundle, { params: { workspace: this.workspace, runId }, query: version === undefined ? {} : { version } });
  }

  /** Changes a stored target's settings (max nodes, time limit, QOS, account, GRES, runner cache, max runs); `null` clears one. */
  update(name: string, changes: UpdateComputeTarget): Promise<ComputeTarget> {
    return this.transport.call(api.compute.update, { params: { workspace: this.workspace, name }, body: changes });
  }

  /** Deletes a compute target (COMPUTE_TARGET_IN_USE while runs are out on it). */
  async delete(name: string): Promise<void> {
    await this.transport.call(api.compute.delete, { params: { workspace: this.workspace, name } });
  }
}

/** Parses a `text/event-stream` body into events with JSON data. */
export async function* parseSse(body: AsyncIterable<Buffer | string>): AsyncGenerator<FollowEvent> {
  let buffer = '';
  for await (const chunk of body) {
    buffer += chunk.toString();
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) yield event;
    }
  }
}

function parseBlock(block: string): FollowEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return null;
  return { event, data: JSON.parse(data.join('\n')) } as FollowEvent;
}
